package io.encaisse.reconciliation;

import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.shared.Money;
import java.time.Instant;

/**
 * Money of one bank credit applied to one invoice, with the rule and evidence that decided it.
 *
 * @param amount the money of the credit applied
 * @param writeOff what was booked on the invoice on top of the money (a small difference within tolerance, e.g. bank
 *        charges; the explanation says why), zero for none
 */
public record AllocationView(
        AllocationId id,
        BankTransactionId transactionId,
        InvoiceId invoiceId,
        InvoiceNumber invoiceNumber,
        Money amount,
        String rule,
        String explanation,
        Instant createdAt,
        Instant reversedAt,
        String reversalReason,
        Money writeOff) {
}
