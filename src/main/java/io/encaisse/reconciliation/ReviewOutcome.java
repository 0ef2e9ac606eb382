package io.encaisse.reconciliation;

/** The outcome of a person's action on a bank transaction: values, never exceptions. */
public sealed interface ReviewOutcome {

    /** Done; the transaction as it is now. */
    record Done(TransactionView transaction) implements ReviewOutcome {
    }

    /** The transaction or allocation does not exist. */
    record NotFound(String detail) implements ReviewOutcome {
    }

    /** The request cannot be carried out as asked (nothing was written). */
    record Rejected(String detail) implements ReviewOutcome {
    }

    /** The request conflicts with the current state (already undone, changed meanwhile); nothing was written. */
    record Conflict(String detail) implements ReviewOutcome {
    }
}
