package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/** The ERP created or changed an invoice. */
public record InvoiceUpserted(
        InvoiceId invoiceId,
        InvoiceNumber number,
        CustomerId customerId,
        CustomerRef customer,
        Money amount,
        Money openAmount,
        LocalDate dueDate,
        InvoiceStatus status,
        boolean created) {
}
