package io.encaisse.invoices.internal;

import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface InvoiceRepository extends JpaRepository<InvoiceEntity, UUID> {

    Optional<InvoiceEntity> findByInvoiceNumber(String invoiceNumber);

    List<InvoiceEntity> findByInvoiceNumberIn(Collection<String> numbers);

    List<InvoiceEntity> findByCustomerIdOrderByDueDateAsc(UUID customerId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from InvoiceEntity i where i.id = :id")
    Optional<InvoiceEntity> lockById(UUID id);

    @Query("""
            select i from InvoiceEntity i
            where i.openAmount > 0 and i.cancelled = false and i.dueDate < :asOf
            order by i.dueDate asc, i.invoiceNumber asc""")
    List<InvoiceEntity> findOverdue(LocalDate asOf);
}
