package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One way of applying a payment that a rule proposes.
 *
 * @param rule the proposing rule's configured name ({@link MatchRule#name()})
 * @param allocationRule what the allocation records as its rule when applied
 * @param score 0-100: how sure the rule is (see the rules' scores)
 * @param unapplied what would be left of the payment
 * @param explanation why, in a sentence a person can check
 * @param suggestOnly rests on evidence nobody confirmed (a proposed payer rule), or on a converted amount that does not
 *        settle the invoices: never applied automatically
 * @param fx the conversion of the bank amount into the invoices' currency the lines are in, or null (same currency;
 *        {@code unapplied} is then in the invoices' currency too)
 */
public record Candidate(String rule, String allocationRule, int score, List<MatchDecision.Line> lines, Money unapplied,
        String explanation, Evidence evidence, boolean suggestOnly, Exchange.Converted fx) {

    public Candidate(String rule, String allocationRule, int score, List<MatchDecision.Line> lines, Money unapplied,
            String explanation, Evidence evidence, boolean suggestOnly) {
        this(rule, allocationRule, score, lines, unapplied, explanation, evidence, suggestOnly, null);
    }

    public Candidate(String rule, String allocationRule, int score, List<MatchDecision.Line> lines, Money unapplied,
            String explanation, Evidence evidence) {
        this(rule, allocationRule, score, lines, unapplied, explanation, evidence, false);
    }

    public Candidate {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0-100, got " + score);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a candidate allocates to at least one invoice");
        }
        lines = List.copyOf(lines);
    }

    /**
     * What the decision rested on; each null when it played no part.
     *
     * @param reference the reference or invoice number as found ("RF18…", "INV2026001")
     * @param amount how the amounts compare ("exact", "partial", "overpayment", "within tolerance", "subset of 3")
     * @param iban the payer IBAN that identified the customer, and where it is known from
     * @param name the payer name and the customer name it resembles
     */
    public record Evidence(String reference, String amount, String iban, String name) {
    }

    /** This candidate, found on the payment converted into its invoices' currency. */
    Candidate converted(Exchange.Converted conversion, boolean onlySuggest, String why) {
        return new Candidate(rule, allocationRule, score, lines, unapplied, why + explanation, evidence, suggestOnly || onlySuggest,
                conversion);
    }

    /** Same invoices, same amounts: the same proposal whichever rule made it. */
    String sameAllocationKey() {
        return lines.stream().map(l -> l.item().invoiceId() + "=" + l.amount().amount().toPlainString() + "+"
                + l.writeOff().amount().toPlainString()).sorted().collect(Collectors.joining(","));
    }
}
