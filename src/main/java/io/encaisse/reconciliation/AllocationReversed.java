package io.encaisse.reconciliation;

import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.shared.Money;
import java.time.Instant;

/**
 * An allocation was undone (by a person, or because the bank returned the credit): the amount is open again on the
 * invoice.
 *
 * @param invoiceStatus the invoice's status after the reversal (OPEN or PARTIALLY_PAID: it is payable again)
 * @param openAmount the invoice's open amount after the reversal
 * @param actor {@link AllocationEventView#SYSTEM} or the API key id of the person's call
 */
public record AllocationReversed(
        AllocationId allocationId,
        BankTransactionId transactionId,
        InvoiceId invoiceId,
        InvoiceNumber invoiceNumber,
        CustomerRef customer,
        Money amount,
        InvoiceStatus invoiceStatus,
        Money openAmount,
        String reason,
        String actor,
        Instant occurredAt) {
}
