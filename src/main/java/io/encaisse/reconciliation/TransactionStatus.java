package io.encaisse.reconciliation;

/** Where a bank credit stands in reconciliation. */
public enum TransactionStatus {
    /** nothing allocated: waits for a person or for the invoice to arrive */
    UNMATCHED,
    /** fully allocated to invoices */
    MATCHED,
    /** allocated, with money left over (an overpayment kept as unapplied credit) */
    PARTIALLY_APPLIED
}
