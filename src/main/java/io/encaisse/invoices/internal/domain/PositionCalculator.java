package io.encaisse.invoices.internal.domain;

import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.PaymentStatus;
import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/** Derives a customer's position from its invoices: no stored totals that could drift. */
public final class PositionCalculator {

    private PositionCalculator() {
    }

    public static CustomerPosition position(CustomerRef customer, String currency, Collection<InvoiceView> invoices, LocalDate asOf) {
        return position(customer, currency, invoices, asOf, Money.zero(currency));
    }

    /**
     * With the customer's unapplied credit (credit notes no invoice absorbed): it lowers what is outstanding, never below
     * zero, and what is overdue never exceeds what is outstanding.
     */
    public static CustomerPosition position(CustomerRef customer, String currency, Collection<InvoiceView> invoices, LocalDate asOf,
            Money unappliedCredit) {
        Money outstanding = Money.zero(currency);
        Money overdue = Money.zero(currency);
        int open = 0;
        int late = 0;
        long oldest = 0;
        LocalDate lastPayment = null;
        for (InvoiceView inv : invoices) {
            if (!inv.amount().currency().equals(currency)) {
                continue;
            }
            if (inv.lastPaymentDate() != null && (lastPayment == null || inv.lastPaymentDate().isAfter(lastPayment))) {
                lastPayment = inv.lastPaymentDate();
            }
            if (!inv.openAmount().isPositive()) {
                continue;
            }
            open++;
            outstanding = outstanding.plus(inv.openAmount());
            if (inv.isOverdue(asOf)) {
                late++;
                overdue = overdue.plus(inv.openAmount());
                oldest = Math.max(oldest, ChronoUnit.DAYS.between(inv.dueDate(), asOf));
            }
        }
        if (unappliedCredit.isPositive()) {
            outstanding = unappliedCredit.compareTo(outstanding) >= 0 ? Money.zero(currency) : outstanding.minus(unappliedCredit);
            overdue = overdue.min(outstanding);
        }
        PaymentStatus status = outstanding.isZero() ? PaymentStatus.SETTLED
                : late > 0 && overdue.isPositive() ? PaymentStatus.OVERDUE : PaymentStatus.CURRENT;
        return new CustomerPosition(customer, asOf, outstanding, overdue, open, late, (int) oldest, lastPayment, status,
                unappliedCredit);
    }
}
