package io.encaisse.webhooks.internal;

import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePartiallyPaid;
import io.encaisse.invoices.InvoicePaymentsApplied;
import io.encaisse.reconciliation.AllocationReversed;
import io.encaisse.reconciliation.PaymentReturned;
import io.encaisse.reconciliation.PaymentUnmatched;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns domain events into pending deliveries, one per enabled subscription to the event's type. Runs after the
 * publishing transaction committed, in its own transaction, backed by the event publication registry: a failure
 * leaves the publication incomplete and it is resubmitted. Re-handling is harmless: a delivery is unique per
 * subscription and event key.
 */
@Component
class WebhookEventListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventListener.class);

    private final WebhookStore store;
    private final Clock clock;
    private final WebhookPayloads payloads = new WebhookPayloads();

    WebhookEventListener(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(InvoicePaid event) {
        enqueue(payloads.invoicePaid(event));
    }

    @ApplicationModuleListener
    void on(InvoicePartiallyPaid event) {
        enqueue(payloads.invoicePartiallyPaid(event));
    }

    /**
     * The payments of a matched chunk: the deliveries each single event would have made (same types, keys and payloads),
     * with one read of the subscriptions and one batch of inserts; nothing more when no subscription wants them.
     */
    @ApplicationModuleListener
    void on(InvoicePaymentsApplied batch) {
        List<WebhookStore.Subscription> paid = new ArrayList<>();
        List<WebhookStore.Subscription> partially = new ArrayList<>();
        for (WebhookStore.Subscription s : store.enabled()) {
            if (s.eventTypes().contains(io.encaisse.webhooks.WebhookEventTypes.INVOICE_PAID)) {
                paid.add(s);
            }
            if (s.eventTypes().contains(io.encaisse.webhooks.WebhookEventTypes.INVOICE_PARTIALLY_PAID)) {
                partially.add(s);
            }
        }
        List<WebhookStore.NewDelivery> deliveries = new ArrayList<>();
        if (!paid.isEmpty()) {
            batch.paid().forEach(e -> add(deliveries, paid, payloads.invoicePaid(e)));
        }
        if (!partially.isEmpty()) {
            batch.partiallyPaid().forEach(e -> add(deliveries, partially, payloads.invoicePartiallyPaid(e)));
        }
        int created = store.insertDeliveries(deliveries, clock.instant());
        if (created > 0) {
            log.debug("Webhooks of {} payment(s): {} delivery(ies) queued", batch.paid().size() + batch.partiallyPaid().size(),
                    created);
        }
    }

    private static void add(List<WebhookStore.NewDelivery> to, List<WebhookStore.Subscription> subscriptions,
            WebhookPayloads.Payload payload) {
        for (WebhookStore.Subscription s : subscriptions) {
            to.add(new WebhookStore.NewDelivery(s.id(), payload.eventKey(), payload.type(), payload.json()));
        }
    }

    @ApplicationModuleListener
    void on(PaymentUnmatched event) {
        enqueue(payloads.paymentUnmatched(event));
    }

    /** The unmatched credits of a chunk: as {@link #on(PaymentUnmatched)} each, one subscription read, one batch of inserts. */
    @ApplicationModuleListener
    void on(io.encaisse.reconciliation.PaymentsUnmatched batch) {
        List<WebhookStore.Subscription> wanting = store.enabled().stream()
                .filter(s -> s.eventTypes().contains(io.encaisse.webhooks.WebhookEventTypes.PAYMENT_UNMATCHED)).toList();
        List<WebhookStore.NewDelivery> deliveries = new ArrayList<>();
        if (!wanting.isEmpty()) {
            batch.unmatched().forEach(e -> add(deliveries, wanting, payloads.paymentUnmatched(e)));
        }
        int created = store.insertDeliveries(deliveries, clock.instant());
        if (created > 0) {
            log.debug("Webhooks of {} unmatched payment(s): {} delivery(ies) queued", batch.unmatched().size(), created);
        }
    }

    @ApplicationModuleListener
    void on(PaymentReturned event) {
        enqueue(payloads.paymentReturned(event));
    }

    @ApplicationModuleListener
    void on(AllocationReversed event) {
        enqueue(payloads.invoiceReopened(event));
    }

    private void enqueue(WebhookPayloads.Payload payload) {
        Instant now = clock.instant();
        int created = 0;
        for (WebhookStore.Subscription s : store.enabledFor(payload.type())) {
            if (store.insertDelivery(s.id(), newMessageId(), payload.eventKey(), payload.type(), payload.json(), now)) {
                created++;
            }
        }
        if (created > 0) {
            log.debug("Webhook {}: {} delivery(ies) queued", payload.eventKey(), created);
        }
    }

    /** {@code msg_} and 32 hex digits: no dots (the signature uses them as delimiters). */
    static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
