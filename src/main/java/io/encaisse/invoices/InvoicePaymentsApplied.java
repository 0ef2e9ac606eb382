package io.encaisse.invoices;

import java.util.List;

/**
 * A batch of payments was applied ({@link Receivables#applyPayments}: a chunk of bank credits matched together): what
 * single applications publish one by one, in one event, so that matching costs one event publication per chunk and
 * listener rather than two per credit. Listeners handle each item as they handle the single events.
 *
 * @param paid the invoices a payment of the batch settled, in order of application
 * @param partiallyPaid the invoices a payment of the batch reduced without settling, in order of application
 * @param positionsChanged the customers whose position changed, each once, in customer-id order
 */
public record InvoicePaymentsApplied(List<InvoicePaid> paid, List<InvoicePartiallyPaid> partiallyPaid,
        List<CustomerPositionChanged> positionsChanged) {
}
