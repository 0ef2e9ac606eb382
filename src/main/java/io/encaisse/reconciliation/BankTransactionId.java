package io.encaisse.reconciliation;

import java.util.UUID;

/** Our key of a bank credit under reconciliation. */
public record BankTransactionId(UUID value) {
    @Override
    public String toString() {
        return value.toString();
    }
}
