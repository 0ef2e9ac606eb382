package io.encaisse.reconciliation;

/** Where a bank credit (or a return of one) stands in reconciliation. */
public enum TransactionStatus {
    /** nothing allocated: waits for a person or for the invoice to arrive */
    UNMATCHED,
    /** nothing allocated, but candidates were found: waits for a person, with the ranked candidates and why none was applied */
    SUGGESTED,
    /** fully allocated to invoices */
    MATCHED,
    /** allocated, with money left over (an overpayment kept as unapplied credit) */
    PARTIALLY_APPLIED,
    /** a credit the bank took back (returned or reversed): its allocations are reversed and its invoices open again */
    RETURNED,
    /** a return or reversal that was matched to its original credit and undid it */
    RETURN_MATCHED,
    /** a return or reversal whose original credit was not found: waits for a person, with the reason */
    RETURN_UNMATCHED
}
