package io.encaisse.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One webhook message to one subscription, with the state of its attempts.
 *
 * @param messageId the {@code webhook-id} header: {@code msg_<32 hex>}, the same on every attempt
 * @param lastStatus the HTTP status of the last attempt, or null (no answer, or not attempted yet)
 * @param nextAttemptAt when the next attempt is due (PENDING only)
 */
public record WebhookDeliveryView(
        String messageId,
        UUID subscriptionId,
        String eventType,
        WebhookDeliveryStatus status,
        int attempts,
        Integer lastStatus,
        String lastError,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant deliveredAt) {
}
