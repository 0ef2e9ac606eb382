package io.encaisse.invoices.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerRepository extends JpaRepository<CustomerEntity, UUID> {
    Optional<CustomerEntity> findByCustomerRef(String customerRef);

    java.util.List<CustomerEntity> findByCustomerRefIn(java.util.Collection<String> refs);

    java.util.List<CustomerEntity> findByParentRefIn(java.util.Collection<String> parentRefs);

    @org.springframework.data.jpa.repository.Query("select c from CustomerEntity c where :iban member of c.ibans")
    java.util.List<CustomerEntity> findByIban(String iban);

    /** Name in lower case with the common Latin accents dropped, {@code like} the pattern. */
    @org.springframework.data.jpa.repository.Query(value = """
            select * from customer
            where translate(lower(name), 'àáâãäåāçćčèéêëēėęìíîïīłñńòóôõöøōśšùúûüūýÿžźż', 'aaaaaaaccceeeeeeeiiiiilnnoooooooossuuuuuyyzzz')
                  like :pattern
            order by customer_ref limit :limit""", nativeQuery = true)
    java.util.List<CustomerEntity> findByNameLike(String pattern, int limit);
}
