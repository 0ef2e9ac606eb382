package io.encaisse.invoices;

import java.util.List;

/**
 * A postal address as the ERP holds it.
 *
 * @param lines street lines, first to last (at most 4)
 * @param country ISO 3166-1 alpha-2 code, upper case
 */
public record Address(List<String> lines, String postcode, String city, String country) {

    public Address {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public boolean hasNoValue() {
        return lines.isEmpty() && postcode == null && city == null && country == null;
    }
}
