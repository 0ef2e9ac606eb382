package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * A customer's receivable position in one currency on a business date.
 *
 * @param outstanding what the open invoices hold, less the customer's unapplied credit (never below zero)
 * @param oldestOverdueDays days past due of the oldest overdue invoice, 0 when nothing is overdue
 * @param unappliedCredit credit notes not absorbed by the invoice they credit, or crediting none
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
        PaymentStatus paymentStatus,
        Money unappliedCredit) {

    /** A position without customer credit. */
    public CustomerPosition(CustomerRef customer, LocalDate asOf, Money outstanding, Money overdue, int openInvoices,
            int overdueInvoices, int oldestOverdueDays, LocalDate lastPaymentDate, PaymentStatus paymentStatus) {
        this(customer, asOf, outstanding, overdue, openInvoices, overdueInvoices, oldestOverdueDays, lastPaymentDate,
                paymentStatus, Money.zero(outstanding.currency()));
    }
}
