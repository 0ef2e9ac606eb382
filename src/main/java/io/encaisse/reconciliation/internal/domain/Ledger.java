package io.encaisse.reconciliation.internal.domain;

import java.util.Collection;
import java.util.List;

/** What the rules may look up: implemented over the invoices module's API and our learned payers. */
public interface Ledger {

    /** Invoices whose {@link InvoiceKeys#key normalised number} is one of these (index look-up). */
    List<OpenItem> invoicesByKeys(Collection<String> keys);

    /** Invoices whose number's {@link InvoiceKeys#digits digits} are one of these (index look-up). */
    List<OpenItem> invoicesByDigits(Collection<String> digits);

    /** The customers this IBAN is known for (from the ERP, else learned), each with its open invoices. */
    List<Payer> payersByIban(String iban);

    /** Only the customer ids this IBAN is known for: the payer check on a matched reference needs no invoices. */
    default java.util.Set<String> customersKnownForIban(String iban) {
        return payersByIban(iban).stream().map(Payer::customerRef).collect(java.util.stream.Collectors.toSet());
    }

    /** Customers whose name contains {@code token} (normalised), each with its open invoices; a few at most. */
    List<Payer> payersNamedLike(String token);

    /**
     * @param openInvoices open invoices, oldest due first (at most a bounded number)
     */
    record Payer(String customerRef, String name, Source source, List<OpenItem> openInvoices) {
    }

    enum Source {
        /** the IBAN is one the ERP sent for the customer */
        ERP_IBAN,
        /** the IBAN was learned from a person's allocation */
        LEARNED_IBAN,
        /** found by name */
        NAME
    }
}
