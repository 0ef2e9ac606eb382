package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.internal.delivery.DeliveryOutcome;
import java.time.Instant;

/** One attempt made by the worker, waiting to be recorded. */
public record Attempt(DueDelivery delivery, DeliveryOutcome outcome, Instant attemptedAt) {
}
