package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides how a payment that names invoices is applied. A wrong automatic match is worse than none,
 * so anything short of a clear case goes to review.
 */
public final class MatchPolicy {

    public static final String RULE_SINGLE = "invoice-reference";
    public static final String RULE_GROUPED = "invoice-references-grouped";

    private MatchPolicy() {
    }

    /**
     * @param payment the credit
     * @param named the invoices the remittance names, in the order it names them (already looked up)
     */
    public static MatchDecision decide(Money payment, List<OpenItem> named) {
        if (named.isEmpty()) {
            return new MatchDecision.Review("No invoice number of ours found in the remittance information");
        }
        List<OpenItem> payable = new ArrayList<>();
        List<String> notPayable = new ArrayList<>();
        for (OpenItem item : named) {
            if (!item.open().currency().equals(payment.currency())) {
                notPayable.add(item.invoiceNumber() + " is in " + item.open().currency());
            } else if (!item.payable() || !item.open().isPositive()) {
                notPayable.add(item.invoiceNumber() + " has nothing open");
            } else {
                payable.add(item);
            }
        }
        if (payable.isEmpty()) {
            return new MatchDecision.Review("The remittance names " + String.join("; ", notPayable));
        }
        long customers = payable.stream().map(OpenItem::customerRef).distinct().count();
        if (customers > 1) {
            return new MatchDecision.Review("The remittance names invoices of " + customers + " different customers: "
                    + numbers(payable));
        }
        if (payable.size() == 1) {
            OpenItem item = payable.get(0);
            Money applied = payment.min(item.open());
            Money rest = payment.minus(applied);
            String how = payment.compareTo(item.open()) == 0 ? "pays it in full"
                    : payment.compareTo(item.open()) < 0 ? "pays " + applied + " of " + item.open() + " open (partial payment)"
                    : "pays its " + item.open() + " open and leaves " + rest + " unapplied (overpayment)";
            return new MatchDecision.Allocate(List.of(new MatchDecision.Line(item, applied)), rest, RULE_SINGLE,
                    "Remittance names invoice " + item.invoiceNumber() + "; the payment of " + payment + " " + how);
        }
        Money total = Money.zero(payment.currency());
        for (OpenItem item : payable) {
            total = total.plus(item.open());
        }
        if (payment.compareTo(total) < 0) {
            return new MatchDecision.Review("The remittance names " + numbers(payable) + " (" + total + " open) but the payment is "
                    + payment + ": which invoices it settles is for a person to decide");
        }
        List<MatchDecision.Line> lines = payable.stream().map(i -> new MatchDecision.Line(i, i.open())).toList();
        Money rest = payment.minus(total);
        return new MatchDecision.Allocate(lines, rest, RULE_GROUPED, "Remittance names invoices " + numbers(payable)
                + " whose open amounts total " + total + "; the payment of " + payment + " settles them all"
                + (rest.isPositive() ? " and leaves " + rest + " unapplied" : ""));
    }

    private static String numbers(List<OpenItem> items) {
        return items.stream().map(OpenItem::invoiceNumber).collect(Collectors.joining(", "));
    }
}
