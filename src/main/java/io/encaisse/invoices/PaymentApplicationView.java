package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A payment application posted (or to post) to the ERP.
 *
 * @param direction APPLY (the allocation) or REVERSE (its undoing)
 * @param erpId the ERP's id of the payment it booked, once SENT (when the ERP gives one)
 */
public record PaymentApplicationView(UUID id, UUID allocationId, String direction, String connector, InvoiceNumber invoiceNumber,
        CustomerRef customer, Money amount, LocalDate valueDate, String bankReference, PaymentApplicationStatus status,
        int attempts, Instant nextAttemptAt, String lastError, String erpId, Instant createdAt, Instant updatedAt,
        Instant sentAt) {
}
