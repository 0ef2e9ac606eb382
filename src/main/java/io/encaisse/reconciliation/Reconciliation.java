package io.encaisse.reconciliation;

import io.encaisse.invoices.InvoiceId;
import java.util.List;
import java.util.Optional;

/** Reconciliation: allocations, the bank credits (and returns) under reconciliation, and a person's review actions. */
public interface Reconciliation {

    List<AllocationView> allocationsOf(InvoiceId invoice);

    /** Newest first; {@code status} null for all; {@code before} is the last id of the previous page. */
    List<TransactionView> transactions(TransactionStatus status, int limit, BankTransactionId before);

    Optional<TransactionView> transaction(BankTransactionId id);

    /**
     * A person allocates (part of) an unapplied credit over invoices: all lines or none. Each amount must be positive,
     * in the credit's currency and within the invoice's open amount, and the total within the credit's unapplied amount.
     * The transaction row is locked, so concurrent allocations can never over-apply it.
     *
     * @param actor who asks (the API key id)
     */
    ReviewOutcome allocate(BankTransactionId transaction, List<ManualAllocationLine> lines, String note, String actor);

    /** Undoes an automatic or manual allocation: the amount goes back on the invoice and on the credit's unapplied. */
    ReviewOutcome reverseAllocation(BankTransactionId transaction, AllocationId allocation, String reason, String actor);
}
