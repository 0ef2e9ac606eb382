package io.encaisse.reconciliation;

import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.shared.Money;
import java.util.List;

/**
 * A candidate allocation of a SUGGESTED bank credit, for a person to confirm (through the allocations endpoint).
 *
 * @param rank 1 for the best
 * @param rule the rule that proposed it (structured-reference, invoice-number, payer-iban, payer-name)
 * @param score 0-100
 * @param allocations what would be applied, per invoice
 * @param unapplied what would be left of the credit
 * @param explanation why, in a sentence
 */
public record SuggestionView(
        int rank,
        String rule,
        int score,
        List<Line> allocations,
        Money unapplied,
        String explanation,
        Evidence evidence) {

    /** @param writeOff booked on the invoice without money (difference within tolerance), zero for none */
    public record Line(InvoiceId invoiceId, InvoiceNumber invoiceNumber, CustomerRef customer, Money amount, Money writeOff) {
    }

    /** What the candidate rests on; each null when it played no part. */
    public record Evidence(String reference, String amount, String iban, String name) {
    }
}
