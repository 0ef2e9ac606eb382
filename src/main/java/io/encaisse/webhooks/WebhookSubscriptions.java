package io.encaisse.webhooks;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Outgoing webhooks (Standard Webhooks v1): who gets which events, and what was delivered.
 * Events are {@link WebhookEventTypes#ALL}; each delivery is signed with the subscription's secret.
 */
public interface WebhookSubscriptions {

    /**
     * Creates an enabled subscription with a new secret, returned only here.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL, is refused by the SSRF policy
     *                                  or does not resolve, or when an event type is missing or unknown
     */
    NewWebhookSubscription create(String url, List<String> eventTypes, String description);

    /** Subscriptions not deleted (disabled ones included), oldest first. */
    List<WebhookSubscriptionView> list();

    /** Empty when unknown or deleted. */
    Optional<WebhookSubscriptionView> get(UUID id);

    /**
     * Soft delete: the subscription is disabled, hidden from {@link #list()} and {@link #get(UUID)}, and its pending
     * deliveries are cancelled.
     *
     * @return false when it was unknown or already deleted
     */
    boolean delete(UUID id);

    /**
     * The subscription's deliveries, newest first.
     *
     * @throws IllegalArgumentException when limit is not between 1 and {@value #MAX_DELIVERIES}
     */
    List<WebhookDeliveryView> deliveries(UUID subscriptionId, int limit);

    /**
     * Gives the subscription a new secret (returned only here). The previous one keeps signing, beside it, for
     * {@code gracePeriod} (null: {@code encaisse.webhooks.secret-rotation-grace}); zero revokes it at once (a leaked
     * secret). A rotation within the grace of the one before it ends that grace: only the last two secrets sign.
     *
     * @return empty when the subscription is unknown or deleted
     * @throws IllegalArgumentException when the grace period is negative or longer than {@link #MAX_ROTATION_GRACE}
     */
    Optional<RotatedWebhookSecret> rotateSecret(UUID id, java.time.Duration gracePeriod);

    java.time.Duration MAX_ROTATION_GRACE = java.time.Duration.ofDays(7);

    int MAX_DELIVERIES = 500;
}
