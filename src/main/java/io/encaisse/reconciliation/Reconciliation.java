package io.encaisse.reconciliation;

import io.encaisse.invoices.InvoiceId;
import java.util.List;
import java.util.Optional;

/** Read side of reconciliation: allocations and the bank credits under reconciliation. */
public interface Reconciliation {

    List<AllocationView> allocationsOf(InvoiceId invoice);

    /** Newest first; {@code status} null for all; {@code before} is the last id of the previous page. */
    List<TransactionView> transactions(TransactionStatus status, int limit, BankTransactionId before);

    Optional<TransactionView> transaction(BankTransactionId id);
}
