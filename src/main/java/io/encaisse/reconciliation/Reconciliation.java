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

    // --- payer rules (what identifies a payer besides the ERP's IBANs)

    /** Payer rules, newest first; {@code status} and {@code customerRef} null for all. */
    List<PayerRuleView> payerRules(PayerRuleView.Status status, String customerRef, int limit);

    Optional<PayerRuleView> payerRule(java.util.UUID id);

    /**
     * Configures a reference a customer's payments carry (accepted at once): {@code match} EXACT, PREFIX or REGEX.
     * An equal rule that exists is accepted (again) and returned.
     */
    PayerRuleOutcome configureReference(String customerRef, String value, String match, String note, String actor);

    /** An operator accepts a proposed (or rejected) rule: it becomes strong evidence. */
    PayerRuleOutcome acceptRule(java.util.UUID id, String reason, String actor);

    /** An operator rejects a rule: it is never used again (a rejected rule is never proposed again either). */
    PayerRuleOutcome rejectRule(java.util.UUID id, String reason, String actor);
}
