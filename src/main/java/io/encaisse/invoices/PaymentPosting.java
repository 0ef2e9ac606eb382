package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One allocation of bank money to an invoice (or its undoing), to post to the ERP.
 *
 * @param allocationId the hub's allocation id: the idempotency key towards the ERP
 * @param amount the money applied (write-offs are not posted)
 * @param bankReference what identifies the bank payment for people in the ERP
 */
public record PaymentPosting(UUID allocationId, InvoiceId invoiceId, InvoiceNumber invoiceNumber, CustomerRef customer,
        Money amount, LocalDate valueDate, String bankReference) {
}
