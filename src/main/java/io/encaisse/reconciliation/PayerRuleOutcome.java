package io.encaisse.reconciliation;

/** The outcome of configuring or deciding on a payer rule: values, never exceptions. */
public sealed interface PayerRuleOutcome {

    /** Done; the rule as it is now ({@code created} false when an equal rule existed and was reused). */
    record Done(PayerRuleView rule, boolean created) implements PayerRuleOutcome {
    }

    record NotFound(String detail) implements PayerRuleOutcome {
    }

    /** Not valid as asked (nothing was written). */
    record Rejected(String detail) implements PayerRuleOutcome {
    }

    /** Conflicts with the rule's state (already decided otherwise); nothing was written. */
    record Conflict(String detail) implements PayerRuleOutcome {
    }
}
