package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the invoices a payment names into candidates, on {@link MatchPolicy}'s decision, scored from the rule's base:
 * <ul>
 *   <li>pays the named invoice(s) exactly: base;</li>
 *   <li>a single invoice short by a difference within tolerance (or the bank's reported charges): base − 2, the
 *       difference written off with the reason;</li>
 *   <li>partial payment of one invoice, or an overpayment (rest unapplied): base − 5;</li>
 *   <li>several invoices named but the payment equals the open amount of one of them: base − 10 for each such invoice
 *       (two such invoices are two equally good candidates).</li>
 * </ul>
 */
final class ReferenceCandidates {

    static final int TOLERANCE_PENALTY = 2;
    static final int PARTIAL_PENALTY = 5;
    static final int ONE_OF_SEVERAL_PENALTY = 10;
    /** A named invoice in another currency than the payment, without an amount in its currency. */
    static final int CURRENCY_PENALTY = 30;

    private ReferenceCandidates() {
    }

    /**
     * @param prefix how the invoices were found, put before MatchPolicy's explanation (may be empty)
     */
    static MatchRule.Proposal from(String rule, String singleRule, String groupedRule, int base, Payment payment,
            List<OpenItem> named, AmountTolerance tolerance, String prefix, String reference) {
        MatchDecision decision = MatchPolicy.decide(payment.amount(), named);
        List<Candidate> out = new ArrayList<>();
        if (decision instanceof MatchDecision.Allocate a) {
            boolean single = a.lines().size() == 1;
            String allocationRule = single ? singleRule : groupedRule;
            if (single && payment.amount().compareTo(a.lines().get(0).item().open()) < 0) {
                OpenItem item = a.lines().get(0).item();
                Optional<AmountTolerance.WriteOff> w = tolerance.assess(payment.amount(), item.open(), payment.charges());
                if (w.isPresent()) {
                    out.add(new Candidate(rule, allocationRule, base - TOLERANCE_PENALTY,
                            List.of(new MatchDecision.Line(item, payment.amount(), w.get().writeOff())),
                            Money.zero(payment.amount().currency()),
                            prefix + "Remittance names invoice " + item.invoiceNumber() + "; the payment of " + payment.amount()
                                    + " settles its " + item.open() + " open: " + w.get().reason(),
                            new Candidate.Evidence(reference, "within tolerance: " + w.get().reason(), null, null)));
                    return new MatchRule.Proposal(out, List.of());
                }
                out.add(new Candidate(rule, allocationRule, base - PARTIAL_PENALTY, a.lines(), a.unapplied(),
                        prefix + a.explanation(), new Candidate.Evidence(reference, "partial payment", null, null)));
                return new MatchRule.Proposal(out, List.of());
            }
            boolean exact = a.unapplied().isZero();
            out.add(new Candidate(rule, allocationRule, exact ? base : base - PARTIAL_PENALTY, a.lines(), a.unapplied(),
                    prefix + a.explanation(),
                    new Candidate.Evidence(reference, exact ? "exact" : "overpayment: " + a.unapplied() + " unapplied", null,
                            null)));
            return new MatchRule.Proposal(out, List.of());
        }
        String reason = ((MatchDecision.Review) decision).reason();
        List<OpenItem> payable = named.stream().filter(i -> i.payableIn(payment.amount().currency())).toList();
        if (payable.size() > 1) {
            String all = payable.stream().map(OpenItem::invoiceNumber).collect(Collectors.joining(", "));
            for (OpenItem item : payable) {
                if (item.open().compareTo(payment.amount()) == 0) {
                    out.add(new Candidate(rule, singleRule, base - ONE_OF_SEVERAL_PENALTY,
                            List.of(new MatchDecision.Line(item, payment.amount())), Money.zero(payment.amount().currency()),
                            prefix + "Remittance names invoices " + all + "; the payment of " + payment.amount()
                                    + " equals the open amount of " + item.invoiceNumber(),
                            new Candidate.Evidence(reference, "exact for one of " + payable.size() + " named invoices", null,
                                    null)));
                }
            }
        }
        if (out.isEmpty() && payable.isEmpty()) {
            for (OpenItem item : named) {
                if (item.payable() && item.open().isPositive() && !item.open().currency().equals(payment.amount().currency())) {
                    out.add(currencyMismatch(rule, singleRule, base, payment, item, prefix, reference));
                }
            }
        }
        return new MatchRule.Proposal(out, out.isEmpty() ? List.of(reason) : List.of());
    }

    /**
     * The payment names an invoice in another currency and the entry gives no amount in it (no exchange details, or
     * none for that currency): a suggestion of its open amount, for a person to confirm, never applied automatically.
     */
    private static Candidate currencyMismatch(String rule, String singleRule, int base, Payment payment, OpenItem item,
            String prefix, String reference) {
        String currency = item.open().currency();
        String why = payment.exchange() == null ? "no exchange details"
                : "the entry's exchange details give no " + currency + " amount";
        return new Candidate(rule, singleRule, Math.max(0, base - CURRENCY_PENALTY), List.of(new MatchDecision.Line(item, item.open())),
                Money.zero(currency), prefix + "Remittance names invoice " + item.invoiceNumber() + " (" + item.open()
                        + " open) but the payment is " + payment.amount() + ": currency mismatch: " + why
                        + " to convert with; the amount in " + currency + " is for a person to confirm",
                new Candidate.Evidence(reference, "currency mismatch: " + why, null, null), true);
    }
}
