package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.WebhookDeliveryStatus;
import io.encaisse.webhooks.internal.delivery.DeliveryOutcome;
import io.encaisse.webhooks.internal.delivery.RetrySchedule;
import java.time.Instant;
import java.util.Optional;

/**
 * What an attempt's outcome does to its delivery: DELIVERED; PENDING again at the schedule's next time; or FAILED
 * (schedule exhausted, or not retryable), a 410 Gone also disabling the subscription.
 *
 * @param attempts attempts made, this one included
 * @param error the failure reason, sanitised for storage (no NUL, at most {@value #MAX_ERROR} characters), or null
 */
record AttemptDecision(WebhookDeliveryStatus status, int attempts, Integer httpStatus, String error, Instant nextAttemptAt,
                       Instant deliveredAt, boolean disableSubscription) {

    static final int MAX_ERROR = 2_000;

    static AttemptDecision of(DeliveryOutcome outcome, int attemptsBefore, Instant attemptedAt, RetrySchedule schedule) {
        int attempts = attemptsBefore + 1;
        if (outcome instanceof DeliveryOutcome.Delivered d) {
            return new AttemptDecision(WebhookDeliveryStatus.DELIVERED, attempts, d.status(), null, null, attemptedAt, false);
        }
        DeliveryOutcome.Failed f = (DeliveryOutcome.Failed) outcome;
        String error = sanitise(f.reason());
        if (f.disableEndpoint()) {
            return new AttemptDecision(WebhookDeliveryStatus.FAILED, attempts, f.status(), error, null, null, true);
        }
        Optional<Instant> next = f.retryable()
                ? schedule.nextAttemptAfter(attempts, attemptedAt, f.retryAfterHint())
                : Optional.empty();
        if (next.isEmpty()) {
            String why = f.retryable() ? "Gave up after " + attempts + " attempt(s): " : "Not retryable: ";
            return new AttemptDecision(WebhookDeliveryStatus.FAILED, attempts, f.status(), sanitise(why + f.reason()), null,
                    null, false);
        }
        return new AttemptDecision(WebhookDeliveryStatus.PENDING, attempts, f.status(), error, next.get(), null, false);
    }

    /** The reason may carry receiver-controlled text: PostgreSQL text cannot hold NUL, and the column is not an archive. */
    static String sanitise(String reason) {
        if (reason == null) {
            return null;
        }
        String s = reason.replace('\u0000', '\uFFFD');
        if (s.length() <= MAX_ERROR) {
            return s;
        }
        int end = MAX_ERROR - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never cut a character in half
        }
        return s.substring(0, end) + "…";
    }
}
