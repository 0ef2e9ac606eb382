package io.encaisse.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.webhooks.WebhookDeliveryStatus;
import io.encaisse.webhooks.internal.delivery.DeliveryOutcome;
import io.encaisse.webhooks.internal.delivery.RetrySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttemptDecisionTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final RetrySchedule SCHEDULE =
            new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.0, new Random(1));

    @Test
    void deliveredRecordsTheStatusAndTime() {
        AttemptDecision d = AttemptDecision.of(new DeliveryOutcome.Delivered(204, Duration.ofMillis(3)), 1, AT, SCHEDULE);
        assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.httpStatus()).isEqualTo(204);
        assertThat(d.deliveredAt()).isEqualTo(AT);
        assertThat(d.nextAttemptAt()).isNull();
        assertThat(d.error()).isNull();
    }

    @Test
    void retryableFailureWaitsForTheScheduleThenGivesUp() {
        DeliveryOutcome.Failed boom = new DeliveryOutcome.Failed(500, "HTTP 500: boom", true, null, false);

        AttemptDecision first = AttemptDecision.of(boom, 0, AT, SCHEDULE);
        assertThat(first.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(first.nextAttemptAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(first.error()).isEqualTo("HTTP 500: boom");

        AttemptDecision second = AttemptDecision.of(boom, 1, AT, SCHEDULE);
        assertThat(second.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(second.nextAttemptAt()).isEqualTo(AT.plus(Duration.ofMinutes(5)));

        AttemptDecision third = AttemptDecision.of(boom, 2, AT, SCHEDULE);
        assertThat(third.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
        assertThat(third.attempts()).isEqualTo(3);
        assertThat(third.nextAttemptAt()).isNull();
        assertThat(third.error()).startsWith("Gave up after 3 attempt(s): HTTP 500");
        assertThat(third.disableSubscription()).isFalse();
    }

    @Test
    void goneFailsAndDisablesTheSubscription() {
        AttemptDecision d = AttemptDecision.of(new DeliveryOutcome.Failed(410, "HTTP 410 Gone", false, null, true), 0, AT,
                SCHEDULE);
        assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
        assertThat(d.disableSubscription()).isTrue();
        assertThat(d.httpStatus()).isEqualTo(410);
    }

    @Test
    void notRetryableFailsAtOnce() {
        AttemptDecision d = AttemptDecision.of(new DeliveryOutcome.Failed(null, "Blocked by the SSRF policy", false, null, false),
                0, AT, SCHEDULE);
        assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
        assertThat(d.disableSubscription()).isFalse();
        assertThat(d.error()).isEqualTo("Not retryable: Blocked by the SSRF policy");
    }

    @Test
    void receiverTextIsMadeStorable() {
        String hostile = "HTTP 500: a\u0000b" + "x".repeat(30_000);
        String stored = AttemptDecision.sanitise(hostile);
        assertThat(stored).doesNotContain("\u0000").hasSize(AttemptDecision.MAX_ERROR).endsWith("…");
        assertThat(AttemptDecision.sanitise("x".repeat(AttemptDecision.MAX_ERROR - 2) + "\uD83D\uDE00" + "tail"))
                .endsWith("x…");
    }
}
