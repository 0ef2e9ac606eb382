package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

public record InvoiceView(
        InvoiceId id,
        InvoiceNumber number,
        CustomerId customerId,
        CustomerRef customer,
        LocalDate issueDate,
        LocalDate dueDate,
        Money amount,
        Money openAmount,
        InvoiceStatus status,
        LocalDate lastPaymentDate,
        String purchaseOrder,
        Instant updatedAt,
        PaymentTerms paymentTerms) {

    public InvoiceView(InvoiceId id, InvoiceNumber number, CustomerId customerId, CustomerRef customer, LocalDate issueDate,
            LocalDate dueDate, Money amount, Money openAmount, InvoiceStatus status, LocalDate lastPaymentDate,
            String purchaseOrder, Instant updatedAt) {
        this(id, number, customerId, customer, issueDate, dueDate, amount, openAmount, status, lastPaymentDate, purchaseOrder,
                updatedAt, null);
    }

    public boolean isOverdue(LocalDate today) {
        return openAmount.isPositive() && dueDate.isBefore(today)
                && (status == InvoiceStatus.OPEN || status == InvoiceStatus.PARTIALLY_PAID);
    }
}
