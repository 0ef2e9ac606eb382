package io.encaisse.webhooks;

/**
 * A subscription just created, with its signing secret ({@code whsec_...}). This is the only time the secret
 * is handed out: receivers need it to verify the {@code webhook-signature} header.
 */
public record NewWebhookSubscription(WebhookSubscriptionView subscription, String secret) {

    /** Never reveals the secret. */
    @Override
    public String toString() {
        return "NewWebhookSubscription[subscription=" + subscription + ", secret=whsec_****]";
    }
}
