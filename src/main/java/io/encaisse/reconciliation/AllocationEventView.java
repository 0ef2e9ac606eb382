package io.encaisse.reconciliation;

import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.shared.Money;
import java.time.Instant;

/**
 * One line of a transaction's audit trail: an allocation was created or reversed, by whom ({@link #SYSTEM} or the
 * API key id of the person's call), when and why.
 */
public record AllocationEventView(
        AllocationId allocationId,
        InvoiceNumber invoiceNumber,
        Money amount,
        Action action,
        String actor,
        String reason,
        Instant at) {

    public static final String SYSTEM = "system";

    public enum Action {
        CREATED,
        REVERSED
    }
}
