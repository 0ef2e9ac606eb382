package io.encaisse.invoices;

import java.util.UUID;

/** Our own key of an invoice. */
public record InvoiceId(UUID value) {
    public static InvoiceId random() {
        return new InvoiceId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
