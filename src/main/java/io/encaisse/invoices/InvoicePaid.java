package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/** An invoice's open amount reached zero through payments. */
public record InvoicePaid(
        InvoiceId invoiceId,
        InvoiceNumber number,
        CustomerId customerId,
        CustomerRef customer,
        Money amount,
        LocalDate paidOn,
        Instant occurredAt) {
}
