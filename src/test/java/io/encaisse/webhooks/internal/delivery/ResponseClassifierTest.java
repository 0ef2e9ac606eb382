package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.encaisse.webhooks.internal.delivery.DeliveryOutcome.Delivered;
import io.encaisse.webhooks.internal.delivery.DeliveryOutcome.Failed;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TOOK = Duration.ofMillis(12);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsAreDelivered(int status) {
        assertThat(ResponseClassifier.classify(status, null, null, "ignored", TOOK, NOW))
                .isEqualTo(new Delivered(status, TOOK));
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 301, 302, 303, 307, 308})
    void redirectsAreRetryableFailures(int status) {
        Failed f = (Failed) ResponseClassifier.classify(status, "10", "http://169.254.169.254/", "", TOOK, NOW);
        assertThat(f.status()).isEqualTo(status);
        assertThat(f.retryable()).isTrue();
        assertThat(f.disableEndpoint()).isFalse();
        assertThat(f.retryAfterHint()).isNull();
        assertThat(f.reason()).contains("redirect not followed").contains("Location: http://169.254.169.254/");
    }

    @Test
    void goneDisablesTheEndpoint() {
        Failed f = (Failed) ResponseClassifier.classify(410, "10", null, "bye", TOOK, NOW);
        assertThat(f.retryable()).isFalse();
        assertThat(f.disableEndpoint()).isTrue();
        assertThat(f.reason()).contains("410").contains("bye");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void throttlingStatusesKeepRetryAfter(int status) {
        Failed f = (Failed) ResponseClassifier.classify(status, "7", null, null, TOOK, NOW);
        assertThat(f.retryable()).isTrue();
        assertThat(f.retryAfterHint()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 413, 422, 500, 501, 505, 599, 100, 199})
    void otherStatusesAreRetryableWithoutHint(int status) {
        Failed f = (Failed) ResponseClassifier.classify(status, "7", null, "oops", TOOK, NOW);
        assertThat(f.retryable()).isTrue();
        assertThat(f.disableEndpoint()).isFalse();
        assertThat(f.retryAfterHint()).isNull();
        assertThat(f.reason()).isEqualTo("HTTP " + status + ": oops");
    }

    @Test
    void retryAfterParsing() {
        assertThat(ResponseClassifier.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(ResponseClassifier.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(ResponseClassifier.parseRetryAfter("Sun, 01 Mar 2026 12:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(ResponseClassifier.parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(ResponseClassifier.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(ResponseClassifier.parseRetryAfter("1.5", NOW)).isEmpty();
        assertThat(ResponseClassifier.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(ResponseClassifier.parseRetryAfter("", NOW)).isEmpty();
        assertThat(ResponseClassifier.parseRetryAfter(null, NOW)).isEmpty();
        assertThat(ResponseClassifier.parseRetryAfter("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void outcomeInvariants() {
        assertThatThrownBy(() -> new Delivered(500, TOOK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Failed(410, "x", true, null, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Failed.network("refused")).isEqualTo(new Failed(null, "refused", true, null, false));
        assertThat(new Delivered(200, TOOK).delivered()).isTrue();
        assertThat(Failed.network("x").delivered()).isFalse();
    }
}
