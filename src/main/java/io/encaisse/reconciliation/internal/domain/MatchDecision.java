package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.List;

/** The outcome of matching one payment: a value, never an exception. */
public sealed interface MatchDecision {

    /**
     * Apply these amounts; {@code unapplied} is what is left of the payment (an overpayment).
     *
     * @param fx how the bank amount was converted into the invoices' currency the lines are in, or null
     */
    record Allocate(List<Line> lines, Money unapplied, String rule, String explanation, Exchange.Converted fx)
            implements MatchDecision {
        public Allocate(List<Line> lines, Money unapplied, String rule, String explanation) {
            this(lines, unapplied, rule, explanation, null);
        }
    }

    /** Leave the payment for a person, saying why. */
    record Review(String reason) implements MatchDecision {
    }

    /** Leave the payment for a person with these candidates, best first, and why none was applied. */
    record Suggest(List<Candidate> ranked, String reason) implements MatchDecision {
    }

    /**
     * @param amount the money of the payment applied to the invoice
     * @param writeOff what is booked on the invoice on top of the money (a small difference within tolerance), zero
     *        for none
     */
    record Line(OpenItem item, Money amount, Money writeOff) {
        public Line(OpenItem item, Money amount) {
            this(item, amount, Money.zero(amount.currency()));
        }

        /** What the invoice's open amount goes down by. */
        public Money settles() {
            return amount.plus(writeOff);
        }
    }
}
