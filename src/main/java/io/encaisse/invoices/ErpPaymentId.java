package io.encaisse.invoices;

import java.util.Objects;

/** The ERP's id of a payment it booked itself. An external key: never our primary key. */
public record ErpPaymentId(String value) {

    public ErpPaymentId {
        Objects.requireNonNull(value, "ERP payment id");
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("An ERP payment id must be 1-128 characters (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
