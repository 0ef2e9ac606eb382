package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * A customer's receivable position in one currency on a business date.
 *
 * @param oldestOverdueDays days past due of the oldest overdue invoice, 0 when nothing is overdue
 */
public record CustomerPosition(
        CustomerRef customer,
        LocalDate asOf,
        Money outstanding,
        Money overdue,
        int openInvoices,
        int overdueInvoices,
        int oldestOverdueDays,
        LocalDate lastPaymentDate,
        PaymentStatus paymentStatus) {
}
