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
        Instant updatedAt) {

    public boolean isOverdue(LocalDate today) {
        return openAmount.isPositive() && dueDate.isBefore(today)
                && (status == InvoiceStatus.OPEN || status == InvoiceStatus.PARTIALLY_PAID);
    }
}
