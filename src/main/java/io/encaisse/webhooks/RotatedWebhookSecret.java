package io.encaisse.webhooks;

import java.time.Instant;

/**
 * A subscription's new secret, returned only once, by the rotation.
 *
 * @param previousSecretValidUntil until when deliveries are also signed with the secret before it (the grace period);
 *        null when the previous secret stopped signing at once
 */
public record RotatedWebhookSecret(String secret, Instant previousSecretValidUntil) {

    /** Never reveals the secret. */
    @Override
    public String toString() {
        return "RotatedWebhookSecret[previousSecretValidUntil=" + previousSecretValidUntil + "]";
    }
}
