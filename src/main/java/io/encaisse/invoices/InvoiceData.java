package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * An invoice as the ERP sends it. {@code openAmount} is the ERP's own view (null = the full amount);
 * {@code cancelled} marks an invoice the ERP voided.
 */
public record InvoiceData(
        CustomerRef customer,
        LocalDate issueDate,
        LocalDate dueDate,
        Money amount,
        Money openAmount,
        boolean cancelled,
        String purchaseOrder,
        PaymentTerms paymentTerms) {

    /** An invoice without payment terms. */
    public InvoiceData(CustomerRef customer, LocalDate issueDate, LocalDate dueDate, Money amount, Money openAmount,
            boolean cancelled, String purchaseOrder) {
        this(customer, issueDate, dueDate, amount, openAmount, cancelled, purchaseOrder, null);
    }
}
