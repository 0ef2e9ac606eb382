package io.encaisse.bank;

import java.util.UUID;

/** Our key of one bank entry (a booking line of a statement). */
public record BankEntryId(UUID value) {
    @Override
    public String toString() {
        return value.toString();
    }
}
