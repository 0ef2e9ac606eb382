package io.encaisse.invoices;

import java.util.Objects;
import java.util.regex.Pattern;

/** The ERP's credit note number. An external key: never our primary key. */
public record CreditNoteNumber(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    public CreditNoteNumber {
        Objects.requireNonNull(value, "credit note number");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "Credit note number must be 1-64 characters: letters, digits and . _ : / - (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
