package io.encaisse.reconciliation;

/** What a row under reconciliation is. */
public enum TransactionKind {
    /** a customer's payment */
    CREDIT,
    /** a debit that returns or reverses an earlier credit */
    RETURN
}
