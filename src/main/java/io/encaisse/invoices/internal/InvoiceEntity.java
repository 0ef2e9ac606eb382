package io.encaisse.invoices.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Entity
@Table(name = "invoice")
class InvoiceEntity {

    @Id
    UUID id;

    @Column(name = "invoice_number", nullable = false, unique = true, length = 64)
    String invoiceNumber;

    @Column(name = "customer_id", nullable = false)
    UUID customerId;

    @Column(name = "issue_date", nullable = false)
    LocalDate issueDate;

    @Column(name = "due_date", nullable = false)
    LocalDate dueDate;

    @Column(nullable = false, length = 3)
    String currency;

    @Column(nullable = false, precision = 19, scale = 4)
    BigDecimal amount;

    @Column(name = "open_amount", nullable = false, precision = 19, scale = 4)
    BigDecimal openAmount;

    @Column(name = "erp_open_amount", nullable = false, precision = 19, scale = 4)
    BigDecimal erpOpenAmount;

    @Column(name = "hub_applied", nullable = false, precision = 19, scale = 4)
    BigDecimal hubApplied;

    @Column(name = "hub_booked", nullable = false, precision = 19, scale = 4)
    BigDecimal hubBooked;

    @Column(name = "erp_paid", nullable = false, precision = 19, scale = 4)
    BigDecimal erpPaid;

    @Column(name = "credit_noted", nullable = false, precision = 19, scale = 4)
    BigDecimal creditNoted;

    @Column(nullable = false)
    boolean cancelled;

    @Column(nullable = false, length = 20)
    String status;

    @Column(name = "last_payment_date")
    LocalDate lastPaymentDate;

    @Column(name = "purchase_order", length = 128)
    String purchaseOrder;

    @Column(name = "payment_terms_code", length = 64)
    String paymentTermsCode;

    @Column(name = "payment_terms_label", length = 255)
    String paymentTermsLabel;

    @Column(name = "payment_terms_days")
    Integer paymentTermsDays;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    Long version;
}
