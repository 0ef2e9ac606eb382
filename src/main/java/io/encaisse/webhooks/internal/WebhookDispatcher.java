package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.internal.delivery.DeliveryOutcome;
import io.encaisse.webhooks.internal.delivery.RetrySchedule;
import io.encaisse.webhooks.internal.delivery.WebhookHttpSender;
import io.encaisse.webhooks.internal.delivery.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bean behind route webhooks.deliver: claims due deliveries, makes one attempt each, records the outcome.
 * HTTP and network failures are outcomes, never exceptions; a database failure propagates to the route's error
 * handling, which retries only the failed step (recording does not re-send).
 */
@Component("webhookDispatcher")
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** Deliveries claimed per poll. */
    static final int BATCH = 20;
    /**
     * How long a claim holds a delivery: far above one attempt's worst case (5 s connect + request timeout + 2 s body
     * grace) times the batch spread over the split's threads, so only a crashed worker's claim expires.
     */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final WebhookStore store;
    private final WebhookHttpSender sender;
    private final RetrySchedule schedule;
    private final TransactionTemplate tx;
    private final Clock clock;

    WebhookDispatcher(WebhookStore store, WebhookHttpSender webhookHttpSender, RetrySchedule webhookRetrySchedule,
            TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.sender = webhookHttpSender;
        this.schedule = webhookRetrySchedule;
        this.tx = tx;
        this.clock = clock;
    }

    public List<DueDelivery> claimDue() {
        return tx.execute(status -> {
            store.cancelPendingOfDisabledSubscriptions("Subscription disabled");
            Instant now = clock.instant();
            return store.claimDue(now, now.plus(LEASE), BATCH);
        });
    }

    public Attempt send(DueDelivery delivery) {
        Instant attemptedAt = clock.instant();
        DeliveryOutcome outcome;
        try {
            // during a rotation's grace period both secrets sign (the header carries both signatures)
            List<WebhookSecret> secrets = delivery.previousSecret() == null ? List.of(WebhookSecret.parse(delivery.secret()))
                    : List.of(WebhookSecret.parse(delivery.secret()), WebhookSecret.parse(delivery.previousSecret()));
            outcome = sender.send(URI.create(delivery.url()), delivery.messageId(), attemptedAt,
                    delivery.payload().getBytes(StandardCharsets.UTF_8), secrets);
        } catch (IllegalArgumentException e) {
            // a stored URL, secret or message id the sender refuses: retrying cannot fix it
            outcome = new DeliveryOutcome.Failed(null, "Cannot send: " + e.getMessage(), false, null, false);
        }
        return new Attempt(delivery, outcome, attemptedAt);
    }

    public void record(Attempt attempt) {
        DueDelivery d = attempt.delivery();
        AttemptDecision decision = AttemptDecision.of(attempt.outcome(), d.attempts(), attempt.attemptedAt(), schedule);
        Boolean recorded = tx.execute(status -> {
            if (!store.recordAttempt(d.id(), d.attempts(), decision, attempt.attemptedAt())) {
                return false;
            }
            if (decision.disableSubscription()) {
                String reason = "Endpoint answered 410 Gone at " + attempt.attemptedAt() + " (delivery " + d.messageId() + ")";
                store.disable(d.subscriptionId(), reason);
                store.cancelPending(d.subscriptionId(), "Subscription disabled: endpoint answered 410 Gone");
                log.warn("Webhook subscription {} disabled: {}", d.subscriptionId(), reason);
            }
            return true;
        });
        if (!Boolean.TRUE.equals(recorded)) {
            log.info("Webhook {}: attempt not recorded, the delivery changed since it was claimed", d.messageId());
            return;
        }
        switch (decision.status()) {
            case DELIVERED -> log.debug("Webhook {} delivered (attempt {})", d.messageId(), decision.attempts());
            case FAILED -> log.warn("Webhook {} failed for good after {} attempt(s): {}", d.messageId(), decision.attempts(),
                    decision.error());
            default -> log.info("Webhook {} attempt {} failed, next at {}: {}", d.messageId(), decision.attempts(),
                    decision.nextAttemptAt(), decision.error());
        }
    }
}
