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

    /**
     * @param lines each in its invoice's currency
     * @param bank for each line, the credit's money it uses (the credit's currency; equal to the line's amount unless
     *        the invoice is in another currency and the amount was converted)
     * @param total the credit's money used, in its currency
     */
    public record Accepted(List<MatchDecision.Line> lines, List<Money> bank, Money total) implements Decision {
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
        return validate(allocatable, why, unapplied, lines, invoices, null);
    }

    /**
     * @param fx the credit's whole amount converted into an invoice currency by its exchange details (by currency),
     *        empty or null for none: a line for an invoice in that currency gives the credit's money (in the credit's
     *        currency) and the invoice takes it at the same rate; an invoice in another currency without one is refused
     */
    public static Decision validate(boolean allocatable, String why, Money unapplied, List<Requested> lines,
            Map<String, OpenItem> invoices, Map<String, Exchange.Converted> fx) {
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
        List<Money> bank = new ArrayList<>();
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
            Money amount = Money.of(line.amount(), currency);
            Money applied = amount;
            if (!item.open().currency().equals(currency)) {
                Exchange.Converted rate = fx == null ? null : fx.get(item.open().currency());
                if (rate == null) {
                    problems.add("Invoice " + number + " is in " + item.open().currency() + " but the bank transaction is in "
                            + currency + " and gives no exchange details to convert with.");
                    continue;
                }
                applied = Money.of(amount.amount().multiply(rate.converted().amount())
                        .divide(rate.bank().amount(), Money.scaleOf(item.open().currency()), java.math.RoundingMode.HALF_EVEN),
                        item.open().currency());
            }
            if (!item.payable() || !item.open().isPositive()) {
                problems.add("Invoice " + number + " has nothing open.");
                continue;
            }
            if (applied.compareTo(item.open()) > 0) {
                problems.add("The amount " + amount + (applied == amount ? "" : " (" + applied + ")") + " for invoice " + number
                        + " exceeds its open amount " + item.open() + ".");
                continue;
            }
            if (!applied.isPositive()) {
                problems.add("The amount " + amount + " for invoice " + number + " converts to nothing.");
                continue;
            }
            accepted.add(new MatchDecision.Line(item, applied));
            bank.add(amount);
            total = total.plus(amount);
        }
        if (problems.isEmpty() && total.compareTo(unapplied) > 0) {
            problems.add("The allocations total " + total + " but only " + unapplied + " of the bank transaction is unapplied.");
        }
        return problems.isEmpty() ? new Accepted(List.copyOf(accepted), List.copyOf(bank), total) : new Rejected(List.copyOf(problems));
    }
}
