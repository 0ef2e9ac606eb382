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
        return new MatchRule.Proposal(out, out.isEmpty() ? List.of(reason) : List.of());
    }
}
