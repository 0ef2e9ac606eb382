package io.encaisse.reconciliation.internal.domain;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The index look-ups the reference rules will ask the {@link Ledger} for on a payment, so a batch of payments can be
 * served by one query per kind of look-up instead of several per payment.
 *
 * @param keys normalised invoice numbers ({@link InvoiceKeys#key}) and RF payloads
 * @param digits invoice number digits (QR/ISR/Belgian payloads; numbers written without their prefix)
 * @param referenceKeys the keys a configured customer reference could be found by ({@link PayerReference#keysIn})
 * @param paymentIds the payer's end-to-end, mandate and instruction ids (an invoice's purchase order may be one)
 */
public record Lookups(Set<String> keys, Set<String> digits, Set<String> referenceKeys, Set<String> paymentIds) {

    public static Lookups of(Payment payment) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> digits = new LinkedHashSet<>();
        for (StructuredReference r : StructuredReferenceRule.references(payment).values()) {
            (r.type() == StructuredReference.Type.RF ? keys : digits).add(r.payload());
        }
        for (String ref : payment.structuredRefs()) {
            InvoiceKeys.fromText(ref).forEach(k -> keys.add(k.key()));
            digits.addAll(InvoiceKeys.digitsWithoutPrefix(ref));
        }
        InvoiceKeys.fromText(payment.remittance()).forEach(k -> keys.add(k.key()));
        digits.addAll(InvoiceKeys.digitsWithoutPrefix(payment.remittance()));
        return new Lookups(keys, digits, PayerReference.keysIn(payment), new LinkedHashSet<>(payment.paymentIds()));
    }
}
