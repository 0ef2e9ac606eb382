package io.encaisse.webhooks.internal.delivery;

import java.time.Duration;
import java.util.Objects;

/** The result of one delivery attempt. */
public sealed interface DeliveryOutcome {

    /** The receiver answered 2xx. */
    record Delivered(int status, Duration took) implements DeliveryOutcome {
        public Delivered {
            if (status < 200 || status > 299) {
                throw new IllegalArgumentException("Delivered needs a 2xx status, got " + status);
            }
            Objects.requireNonNull(took, "took");
        }
    }

    /**
     * The attempt failed.
     *
     * @param status          HTTP status, or {@code null} when no response was received
     *                        (DNS, connect, TLS, timeout) or the URL was blocked
     * @param reason          human-readable reason; for HTTP failures it includes at most 20,000
     *                        bytes of the response body, which is receiver-controlled text
     * @param retryable       whether the schedule should retry
     * @param retryAfterHint  the receiver's {@code Retry-After}, or {@code null}
     * @param disableEndpoint the endpoint asked to be disabled (410 Gone)
     */
    record Failed(Integer status, String reason, boolean retryable, Duration retryAfterHint, boolean disableEndpoint)
            implements DeliveryOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            if (disableEndpoint && retryable) {
                throw new IllegalArgumentException("A failure that disables the endpoint cannot be retryable");
            }
        }

        /** A failure without an HTTP response (DNS, connect, TLS, timeout): retryable. */
        public static Failed network(String reason) {
            return new Failed(null, reason, true, null, false);
        }
    }

    default boolean delivered() {
        return this instanceof Delivered;
    }
}
