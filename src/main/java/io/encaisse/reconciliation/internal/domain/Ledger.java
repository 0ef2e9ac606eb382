package io.encaisse.reconciliation.internal.domain;

import java.util.Collection;
import java.util.List;

/** What the rules may look up: implemented over the invoices module's API and our payer rules. */
public interface Ledger {

    /** Invoices whose {@link InvoiceKeys#key normalised number} is one of these (index look-up). */
    List<OpenItem> invoicesByKeys(Collection<String> keys);

    /**
     * Invoices whose number's {@link InvoiceKeys#digits digits} are one of these (index look-up), payable or not: a rule
     * that needs the digits to name one invoice only sees every invoice that shares them.
     */
    List<OpenItem> invoicesByDigits(Collection<String> digits);

    /**
     * Invoices whose purchase order / customer reference is exactly one of these (index look-up), payable or not.
     */
    default List<OpenItem> invoicesByPurchaseOrders(Collection<String> references) {
        return List.of();
    }

    /**
     * The customers this IBAN is known for, each with its open invoices: from the ERP, from accepted payer rules, and
     * from proposed rules nobody decided on yet (source {@link Source#PROPOSED_IBAN}: suggestions only). Rejected rules
     * never count.
     */
    List<Payer> payersByIban(String iban);

    /**
     * The customer ids this IBAN is known for (ERP, accepted and proposed rules): the payer check on a matched
     * reference needs no invoices. A proposed rule can hold an application back, never make one.
     */
    default java.util.Set<String> customersKnownForIban(String iban) {
        return payersByIban(iban).stream().map(Payer::customerRef).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Customers whose name shares words with the payer's ({@code words}: normalised, see {@link PayerNames}): those
     * holding one of its rarer words (a word many customers share identifies nobody), else those holding all of them;
     * a few at most, each with its open invoices.
     */
    List<Payer> payersNamed(List<String> words);

    /**
     * Customers whose configured or learned reference (see {@link PayerReference}) the payment carries, each with its
     * open invoices; source {@link Source#REFERENCE} for accepted rules, {@link Source#PROPOSED_REFERENCE} for proposed.
     */
    default List<Payer> payersByReference(Payment payment) {
        return List.of();
    }

    /** The customer's open invoices, oldest due first (a bounded number). */
    default List<OpenItem> openInvoicesOf(String customerRef) {
        return List.of();
    }

    /**
     * @param openInvoices open invoices, oldest due first (at most a bounded number)
     * @param evidence what identified it, for the explanation (the rule's pattern), or null
     */
    record Payer(String customerRef, String name, Source source, List<OpenItem> openInvoices, String evidence) {
        public Payer(String customerRef, String name, Source source, List<OpenItem> openInvoices) {
            this(customerRef, name, source, openInvoices, null);
        }
    }

    enum Source {
        /** the IBAN is one the ERP sent for the customer */
        ERP_IBAN,
        /** an accepted payer rule says so (configured through the API, or learned and accepted by an operator) */
        LEARNED_IBAN,
        /** a rule learned from a person's allocation that no operator accepted yet: suggestions only */
        PROPOSED_IBAN,
        /** found by name */
        NAME,
        /** the payment carries a reference an accepted rule gives for the customer */
        REFERENCE,
        /** the payment carries a reference a proposed (not yet accepted) rule gives: suggestions only */
        PROPOSED_REFERENCE;

        /** Evidence an operator has not confirmed: never enough to apply money automatically. */
        public boolean unconfirmed() {
            return this == PROPOSED_IBAN || this == PROPOSED_REFERENCE;
        }
    }
}
