package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * With the payer identified but no reference given: the customer's open invoice of exactly the amount (every such
 * invoice is a candidate, so two of the same amount are two equally good candidates), else the combination of its
 * open invoices that sums to the amount ({@link SubsetSum}, at most {@value SubsetSum#MAX_ITEMS} invoices; two
 * combinations are two equally good candidates).
 */
final class PayerCandidates {

    private PayerCandidates() {
    }

    static MatchRule.Proposal of(String rule, Ledger.Payer payer, Payment payment, int singleScore, int subsetScore,
            String identifiedBy, Candidate.Evidence evidence) {
        return of(rule, payer, payment, singleScore, subsetScore, identifiedBy, evidence, payer.source().unconfirmed());
    }

    /** @param suggestOnly the payer is known only from evidence nobody confirmed: the candidates are never applied */
    static MatchRule.Proposal of(String rule, Ledger.Payer payer, Payment payment, int singleScore, int subsetScore,
            String identifiedBy, Candidate.Evidence evidence, boolean suggestOnly) {
        String currency = payment.amount().currency();
        List<OpenItem> open = payer.openInvoices().stream().filter(i -> i.payableIn(currency)).toList();
        List<Candidate> out = new ArrayList<>();
        Money zero = Money.zero(currency);
        for (OpenItem item : open) {
            if (item.open().compareTo(payment.amount()) == 0) {
                out.add(new Candidate(rule, rule, singleScore, List.of(new MatchDecision.Line(item, item.open())), zero,
                        identifiedBy + "; its open invoice " + item.invoiceNumber() + " is exactly the payment of " + payment.amount()
                                + (open.size() > 1 ? " (" + open.size() + " open invoices)" : " (its only open invoice)"),
                        new Candidate.Evidence(evidence.reference(), "exact", evidence.iban(), evidence.name()), suggestOnly));
            }
        }
        if (!out.isEmpty()) {
            return new MatchRule.Proposal(out, List.of());
        }
        if (open.size() > SubsetSum.MAX_ITEMS) {
            return new MatchRule.Proposal(List.of(), List.of(identifiedBy + ", but no single one of its " + open.size()
                    + " open invoices is " + payment.amount() + " (too many to try combinations)"));
        }
        int scale = Money.scaleOf(currency);
        long[] cents = open.stream().mapToLong(i -> i.open().amount().movePointRight(scale).longValueExact()).toArray();
        long target = payment.amount().amount().movePointRight(scale).longValueExact();
        for (List<Integer> subset : SubsetSum.find(cents, target, 2)) {
            List<MatchDecision.Line> lines = subset.stream().map(open::get).map(i -> new MatchDecision.Line(i, i.open())).toList();
            String numbers = lines.stream().map(l -> l.item().invoiceNumber()).collect(Collectors.joining(", "));
            out.add(new Candidate(rule, rule, subsetScore, lines, zero,
                    identifiedBy + "; its open invoices " + numbers + " add up to exactly the payment of " + payment.amount(),
                    new Candidate.Evidence(evidence.reference(), "sum of " + lines.size() + " open invoices", evidence.iban(),
                            evidence.name()), suggestOnly));
        }
        if (out.isEmpty()) {
            return new MatchRule.Proposal(List.of(), List.of(identifiedBy + ", but none of its " + open.size()
                    + " open invoices in " + currency + ", alone or together, comes to " + payment.amount()));
        }
        return new MatchRule.Proposal(out, List.of());
    }
}
