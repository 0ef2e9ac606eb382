package io.encaisse.invoices;

import java.util.List;

/**
 * A chunk of a batch upsert (POST /invoices/batch, ERP pulls, ERP files) was committed: what single upserts publish one
 * by one, in one event, so that a bulk load costs one event publication per chunk and listener rather than two per
 * invoice. Listeners handle each item as they handle the single events.
 *
 * @param upserted the invoices created or changed, in request order
 * @param positionsChanged the customers whose position changed, each once
 */
public record InvoiceBatchUpserted(List<InvoiceUpserted> upserted, List<CustomerPositionChanged> positionsChanged) {
}
