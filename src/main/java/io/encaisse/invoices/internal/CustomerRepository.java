package io.encaisse.invoices.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerRepository extends JpaRepository<CustomerEntity, UUID>, CustomerNameWords {
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

    /** Rows (iban, id, customer_ref, name) through the customer_iban index. */
    @org.springframework.data.jpa.repository.Query(value = """
            select ci.iban, c.id, c.customer_ref, c.name from customer_iban ci join customer c on c.id = ci.customer_id
            where ci.iban in (:ibans)""", nativeQuery = true)
    java.util.List<Object[]> findNamesByIbanIn(java.util.Collection<String> ibans);

    /** Rows (id, customer_ref, name). */
    @org.springframework.data.jpa.repository.Query(value = "select c.id, c.customer_ref, c.name from customer c where c.customer_ref in (:refs)",
            nativeQuery = true)
    java.util.List<Object[]> findNamesByRefIn(java.util.Collection<String> refs);

    /** Rows (id, customer_ref, name) of customers whose name holds all the words. */
    @org.springframework.data.jpa.repository.Query(value = """
            select c.id, c.customer_ref, c.name from customer c where c.name_tokens @> cast(array[:words] as text[])
            limit :limit""", nativeQuery = true)
    java.util.List<Object[]> findNamesByAllWords(java.util.Collection<String> words, int limit);
}
