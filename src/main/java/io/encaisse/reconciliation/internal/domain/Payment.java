package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.List;

/**
 * A bank credit as the rules see it.
 *
 * @param charges the charges the bank reported for the entry (in the payment's currency), or null
 * @param structuredRefs the references of the remittance's structured part, as given
 * @param remittance the unstructured remittance lines and the entry's additional information, joined by spaces
 */
public record Payment(Money amount, Money charges, String payerName, String payerIban, List<String> structuredRefs,
        String remittance) {

    public Payment {
        structuredRefs = structuredRefs == null ? List.of() : List.copyOf(structuredRefs);
    }
}
