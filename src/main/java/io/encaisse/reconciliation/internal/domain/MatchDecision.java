package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.List;

/** The outcome of matching one payment: a value, never an exception. */
public sealed interface MatchDecision {

    /** Apply these amounts; {@code unapplied} is what is left of the payment (an overpayment). */
    record Allocate(List<Line> lines, Money unapplied, String rule, String explanation) implements MatchDecision {
    }

    /** Leave the payment for a person, saying why. */
    record Review(String reason) implements MatchDecision {
    }

    record Line(OpenItem item, Money amount) {
    }
}
