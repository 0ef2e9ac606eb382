package io.encaisse.webhooks;

public enum WebhookDeliveryStatus {
    /** Waiting for its next attempt. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The retry schedule is exhausted, or the failure cannot be retried (410 Gone, blocked URL). */
    FAILED,
    /** The subscription was deleted or disabled before the delivery succeeded. */
    CANCELLED
}
