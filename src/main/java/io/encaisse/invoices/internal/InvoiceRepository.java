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

    @Query(value = "select * from invoice where number_key in (:keys)", nativeQuery = true)
    List<InvoiceEntity> findByNumberKeyIn(Collection<String> keys);

    @Query(value = "select * from invoice where number_digits in (:digits)", nativeQuery = true)
    List<InvoiceEntity> findByNumberDigitsIn(Collection<String> digits);

    @Query(value = "select * from invoice where purchase_order in (:references) and purchase_order is not null", nativeQuery = true)
    List<InvoiceEntity> findByPurchaseOrderIn(Collection<String> references);

    @Query("""
            select i from InvoiceEntity i
            where i.customerId = :customerId and i.openAmount > 0 and i.cancelled = false
            order by i.dueDate asc, i.invoiceNumber asc""")
    List<InvoiceEntity> findOpenOfCustomer(UUID customerId, org.springframework.data.domain.Pageable page);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from InvoiceEntity i where i.id = :id")
    Optional<InvoiceEntity> lockById(UUID id);

    @Query("""
            select i from InvoiceEntity i
            where i.openAmount > 0 and i.cancelled = false and i.dueDate < :asOf
            order by i.dueDate asc, i.invoiceNumber asc""")
    List<InvoiceEntity> findOverdue(LocalDate asOf);

    /** Per customer at most {@code limit} invoices with something open, oldest due first (the invoice_customer index). */
    @Query(value = """
            select i.* from customer c
            cross join lateral (select * from invoice x
                                where x.customer_id = c.id and x.open_amount > 0 and x.cancelled = false
                                order by x.due_date, x.invoice_number limit :limit) i
            where c.customer_ref in (:refs)""", nativeQuery = true)
    List<InvoiceEntity> findOpenOfCustomerRefs(Collection<String> refs, int limit);
}
