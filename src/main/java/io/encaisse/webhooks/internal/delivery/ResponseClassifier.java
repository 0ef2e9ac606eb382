package io.encaisse.webhooks.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maps an HTTP answer to a {@link DeliveryOutcome}, per the Standard Webhooks spec:
 * <ul>
 *   <li>2xx: delivered;</li>
 *   <li>3xx: failure, redirects are never followed (retryable);</li>
 *   <li>410 Gone: not retryable, disable the endpoint;</li>
 *   <li>429, 502, 503, 504: retryable, {@code Retry-After} (delta-seconds or HTTP-date) kept as a hint;</li>
 *   <li>any other status (other 4xx, 5xx, 1xx leftovers): retryable.</li>
 * </ul>
 */
public final class ResponseClassifier {

    private ResponseClassifier() {
    }

    /**
     * @param retryAfter   the raw {@code Retry-After} header, or {@code null}
     * @param location     the raw {@code Location} header, or {@code null}
     * @param bodySnippet  the (already truncated) response body, or {@code null}
     * @param now          the time the response arrived, to turn an HTTP-date into a delay
     */
    public static DeliveryOutcome classify(int status, String retryAfter, String location, String bodySnippet,
                                           Duration took, Instant now) {
        if (status >= 200 && status <= 299) {
            return new DeliveryOutcome.Delivered(status, took);
        }
        String body = bodySnippet == null || bodySnippet.isEmpty() ? "" : ": " + bodySnippet;
        if (status >= 300 && status <= 399) {
            String where = location == null ? "" : " (Location: " + location + ")";
            return new DeliveryOutcome.Failed(status, "HTTP " + status + " redirect not followed" + where + body,
                    true, null, false);
        }
        if (status == 410) {
            return new DeliveryOutcome.Failed(status, "HTTP 410 Gone: the endpoint asked to be disabled" + body,
                    false, null, true);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            Duration hint = parseRetryAfter(retryAfter, now).orElse(null);
            return new DeliveryOutcome.Failed(status, "HTTP " + status + body, true, hint, false);
        }
        return new DeliveryOutcome.Failed(status, "HTTP " + status + body, true, null, false);
    }

    /**
     * Parses {@code Retry-After}: a non-negative integer of seconds, or an HTTP-date (RFC 1123).
     * A date in the past gives {@link Duration#ZERO}. Anything else is ignored (empty).
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // absurdly large
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
