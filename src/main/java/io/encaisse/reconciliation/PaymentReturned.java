package io.encaisse.reconciliation;

import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The bank took back a credit (a return or reversal): its allocations were reversed and the invoices it paid are open
 * again ({@link AllocationReversed} for each).
 *
 * @param reasonCode the bank's return reason code (ISO 20022 ExternalReturnReason1Code, e.g. AC04, MD06), null if none
 * @param reopenedInvoices the invoices the credit had paid, now open again (empty if it was never allocated)
 */
public record PaymentReturned(
        BankTransactionId returnTransactionId,
        BankTransactionId originalTransactionId,
        Money amount,
        String reasonCode,
        List<InvoiceNumber> reopenedInvoices,
        String counterpartyName,
        String counterpartyIban,
        LocalDate bookingDate,
        Instant occurredAt) {
}
