package io.encaisse.reconciliation;

import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.shared.Money;
import java.time.LocalDate;

/** Part (or all) of a bank credit was applied to an invoice. */
public record PaymentAllocated(
        AllocationId allocationId,
        BankTransactionId transactionId,
        InvoiceId invoiceId,
        InvoiceNumber invoiceNumber,
        CustomerRef customer,
        Money amount,
        LocalDate valueDate,
        String rule) {
}
