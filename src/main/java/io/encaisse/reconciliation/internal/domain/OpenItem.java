package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.UUID;

/** An invoice as matching sees it. */
public record OpenItem(UUID invoiceId, String invoiceNumber, String customerRef, Money open, LocalDate dueDate, boolean payable) {

    /** Payable in this currency with something open. */
    public boolean payableIn(String currency) {
        return payable && open.isPositive() && open.currency().equals(currency);
    }
}
