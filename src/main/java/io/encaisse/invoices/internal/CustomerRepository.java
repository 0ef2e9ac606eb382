package io.encaisse.invoices.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerRepository extends JpaRepository<CustomerEntity, UUID> {
    Optional<CustomerEntity> findByCustomerRef(String customerRef);

    java.util.List<CustomerEntity> findByCustomerRefIn(java.util.Collection<String> refs);
}
