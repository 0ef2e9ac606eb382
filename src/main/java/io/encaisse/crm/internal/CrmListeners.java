package io.encaisse.crm.internal;

import io.encaisse.dunning.DunningLevelReached;
import io.encaisse.invoices.CustomerPositionChanged;
import java.time.Clock;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records that a customer's Account needs a push; the push itself happens in route crm.push. Cheap and idempotent
 * (an upsert of one row per customer), so a re-delivered event or a burst of events costs one push.
 * <p>
 * Active whether or not the CRM is enabled: when it is switched on, the customers that changed meanwhile are
 * already queued. The rows are one per customer, so nothing grows without bound in local mode.
 */
@Component
class CrmListeners {

    private final CrmSyncStore store;
    private final Clock clock;

    CrmListeners(CrmSyncStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(CustomerPositionChanged changed) {
        store.requestPush(changed.customerId().value(), changed.customer().value(), clock.instant());
    }

    /**
     * A chunk of a batch upsert: each changed position as if it came alone, all in one statement, in customer-id order so
     * that two chunks handled at once lock their sync rows in the same order (no deadlock).
     */
    @ApplicationModuleListener
    void on(io.encaisse.invoices.InvoiceBatchUpserted batch) {
        java.util.Map<java.util.UUID, String> refs = new java.util.TreeMap<>();
        batch.positionsChanged().forEach(c -> refs.put(c.customerId().value(), c.customer().value()));
        store.requestPushAll(List.copyOf(refs.keySet()), List.copyOf(refs.values()), clock.instant());
    }

    /** The payments of a matched chunk: one batched upsert, in customer-id order (no deadlock between two chunks). */
    @ApplicationModuleListener
    void on(io.encaisse.invoices.InvoicePaymentsApplied applied) {
        java.util.Map<java.util.UUID, String> refs = new java.util.TreeMap<>();
        applied.positionsChanged().forEach(c -> refs.put(c.customerId().value(), c.customer().value()));
        store.requestPushAll(List.copyOf(refs.keySet()), List.copyOf(refs.values()), clock.instant());
    }

    @ApplicationModuleListener
    void on(DunningLevelReached reached) {
        store.requestPush(reached.customerId().value(), reached.customer().value(), clock.instant());
    }
}
