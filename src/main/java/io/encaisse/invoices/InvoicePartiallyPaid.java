package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/** A payment reduced an invoice's open amount without settling it. */
public record InvoicePartiallyPaid(
        InvoiceId invoiceId,
        InvoiceNumber number,
        CustomerId customerId,
        CustomerRef customer,
        Money amount,
        Money openAmount,
        LocalDate paidOn,
        Instant occurredAt) {
}
