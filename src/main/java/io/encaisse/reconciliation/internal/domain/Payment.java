package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.List;

/**
 * A bank credit as the rules see it.
 *
 * @param charges the charges the bank reported for the entry (in the payment's currency), or null
 * @param structuredRefs the references of the remittance's structured part, as given
 * @param remittance the unstructured remittance lines and the entry's additional information, joined by spaces
 * @param exchange what the entry says about a currency exchange, or null
 * @param paymentIds the payer's end-to-end ids, mandate ids and instruction ids ('NOTPROVIDED' left out)
 */
public record Payment(Money amount, Money charges, String payerName, String payerIban, List<String> structuredRefs,
        String remittance, Exchange exchange, List<String> paymentIds) {

    public Payment {
        structuredRefs = structuredRefs == null ? List.of() : List.copyOf(structuredRefs);
        paymentIds = paymentIds == null ? List.of() : List.copyOf(paymentIds);
    }

    public Payment(Money amount, Money charges, String payerName, String payerIban, List<String> structuredRefs,
            String remittance) {
        this(amount, charges, payerName, payerIban, structuredRefs, remittance, null, List.of());
    }

    /** The same payment as an amount in another currency (the bank's charges are in the bank's: left out). */
    public Payment convertedTo(Money converted) {
        return new Payment(converted, null, payerName, payerIban, structuredRefs, remittance, null, paymentIds);
    }
}
