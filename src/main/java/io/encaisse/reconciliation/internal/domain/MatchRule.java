package io.encaisse.reconciliation.internal.domain;

import java.util.List;

/** A named matching rule: plain Java, reads the ledger only through {@link Ledger}. */
public interface MatchRule {

    /** The name under which the rule is configured ({@code encaisse.reconciliation.rules}). */
    String name();

    /** True for rules that identify the payer: they run only when no rule before them found a candidate. */
    default boolean onlyWithoutReference() {
        return false;
    }

    /**
     * True for rules that name invoices from the payment's references (no payer identification): they also run on a
     * payment converted into another currency with the entry's exchange details.
     */
    default boolean namesInvoices() {
        return false;
    }

    Proposal propose(Payment payment, Ledger ledger);

    /** @param notes why nothing (or not more) was proposed, for the transaction's reason */
    record Proposal(List<Candidate> candidates, List<String> notes) {
        public Proposal {
            candidates = List.copyOf(candidates);
            notes = List.copyOf(notes);
        }

        public static Proposal none() {
            return new Proposal(List.of(), List.of());
        }
    }
}
