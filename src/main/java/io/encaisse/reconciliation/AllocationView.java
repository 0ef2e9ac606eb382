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
 * @param bankAmount the credit's money used, in the account's currency: differs from {@code amount} (the invoice's
 *        currency) when the payment was converted; never null
 * @param exchangeRate for a converted payment, {@code amount / bankAmount}; else null
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
        Money writeOff,
        Money bankAmount,
        java.math.BigDecimal exchangeRate) {

    public AllocationView {
        if (bankAmount == null) {
            bankAmount = amount;
        }
    }
}
