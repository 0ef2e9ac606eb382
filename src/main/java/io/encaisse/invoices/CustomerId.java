package io.encaisse.invoices;

import java.util.UUID;

/** Our own key of a customer. */
public record CustomerId(UUID value) {
    public static CustomerId random() {
        return new CustomerId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
