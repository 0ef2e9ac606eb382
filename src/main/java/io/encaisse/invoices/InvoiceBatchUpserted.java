package io.encaisse.invoices;

import java.util.List;

/**
 * A chunk of a batch upsert (POST /invoices/batch, ERP pulls, ERP files) was committed: what single upserts publish one
 * by one, in one event, so that a bulk load costs one event publication per chunk and listener rather than two per
 * invoice. Deliberately light (it is serialised into the outbox once per listener): each invoice only by what listeners
 * act on; a listener that needs more reads it through {@link Receivables}.
 *
 * @param upserted the invoices created or changed, in request order
 * @param positionsChanged the customers whose position changed, each once
 */
public record InvoiceBatchUpserted(List<Upserted> upserted, List<CustomerPositionChanged> positionsChanged) {

    /**
     * An invoice of the chunk that was created or changed.
     *
     * @param number its number (what payments mention)
     * @param currency its currency
     * @param status its status after the upsert
     * @param created whether the upsert created it
     */
    public record Upserted(InvoiceNumber number, String currency, InvoiceStatus status, boolean created) {
    }
}
