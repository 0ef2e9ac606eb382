package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a person's allocation of a bank credit over invoices before anything is written. */
public final class ManualAllocationPolicy {

    public static final String RULE_MANUAL = "manual";

    /** One line as requested: the invoice number as typed and the amount (null when missing). */
    public record Requested(String invoiceNumber, BigDecimal amount) {
    }

    public sealed interface Decision {
    }

    public record Accepted(List<MatchDecision.Line> lines, Money total) implements Decision {
    }

    /** @param problems every problem found, each a sentence */
    public record Rejected(List<String> problems) implements Decision {
        public String detail() {
            return String.join(" ", problems);
        }
    }

    private ManualAllocationPolicy() {
    }

    /**
     * @param allocatable false (with {@code why}) when the transaction is not a credit that can take allocations
     * @param unapplied what is left of the credit to allocate (its currency is the credit's)
     * @param invoices the requested invoices that exist, by number as requested
     */
    public static Decision validate(boolean allocatable, String why, Money unapplied, List<Requested> lines,
            Map<String, OpenItem> invoices) {
        List<String> problems = new ArrayList<>();
        if (!allocatable) {
            return new Rejected(List.of(why));
        }
        if (lines.isEmpty()) {
            return new Rejected(List.of("Name at least one invoice to allocate to."));
        }
        String currency = unapplied.currency();
        Set<String> seen = new HashSet<>();
        List<MatchDecision.Line> accepted = new ArrayList<>();
        Money total = Money.zero(currency);
        for (Requested line : lines) {
            String number = line.invoiceNumber();
            if (!seen.add(number)) {
                problems.add("Invoice " + number + " is named twice.");
                continue;
            }
            OpenItem item = invoices.get(number);
            if (item == null) {
                problems.add("Unknown invoice " + number + ".");
                continue;
            }
            if (line.amount() == null || line.amount().signum() <= 0) {
                problems.add("The amount for invoice " + number + " must be greater than 0.");
                continue;
            }
            if (line.amount().stripTrailingZeros().scale() > Money.scaleOf(currency)) {
                problems.add("The amount " + line.amount().toPlainString() + " for invoice " + number + " has more decimals than "
                        + currency + " allows.");
                continue;
            }
            if (!item.open().currency().equals(currency)) {
                problems.add("Invoice " + number + " is in " + item.open().currency() + " but the bank transaction is in "
                        + currency + ".");
                continue;
            }
            Money amount = Money.of(line.amount(), currency);
            if (!item.payable() || !item.open().isPositive()) {
                problems.add("Invoice " + number + " has nothing open.");
                continue;
            }
            if (amount.compareTo(item.open()) > 0) {
                problems.add("The amount " + amount + " for invoice " + number + " exceeds its open amount " + item.open() + ".");
                continue;
            }
            accepted.add(new MatchDecision.Line(item, amount));
            total = total.plus(amount);
        }
        if (problems.isEmpty() && total.compareTo(unapplied) > 0) {
            problems.add("The allocations total " + total + " but only " + unapplied + " of the bank transaction is unapplied.");
        }
        return problems.isEmpty() ? new Accepted(List.copyOf(accepted), total) : new Rejected(List.copyOf(problems));
    }
}
