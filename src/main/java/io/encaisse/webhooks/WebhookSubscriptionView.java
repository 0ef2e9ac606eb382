package io.encaisse.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook subscription, without its secret.
 *
 * @param enabled false once deleted through the API or after the endpoint answered 410 Gone
 * @param disabledReason why it is disabled, or null
 */
public record WebhookSubscriptionView(
        UUID id,
        String url,
        List<String> eventTypes,
        String description,
        boolean enabled,
        String disabledReason,
        Instant createdAt) {
}
