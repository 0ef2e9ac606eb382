package io.encaisse.webhooks.internal;

import java.util.UUID;

/**
 * A delivery claimed by the worker (route webhooks.deliver), with what is needed to send it.
 *
 * @param attempts attempts made before this one
 * @param previousSecret the secret before a rotation, still signing during its grace period; else null
 */
public record DueDelivery(UUID id, String messageId, UUID subscriptionId, String eventType, String url, String secret,
                          String previousSecret, String payload, int attempts) {

    /** Never reveals the secret (the dead-letter record may print the exchange body). */
    @Override
    public String toString() {
        return "DueDelivery[" + messageId + " " + eventType + " to subscription " + subscriptionId + ", attempts "
                + attempts + "]";
    }
}
