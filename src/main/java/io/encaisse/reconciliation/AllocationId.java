package io.encaisse.reconciliation;

import java.util.UUID;

public record AllocationId(UUID value) {
    @Override
    public String toString() {
        return value.toString();
    }
}
