package io.encaisse.invoices.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-05T10:00:00Z");

    @Test
    void eachFailureWaitsItsPauseAndTheEndOfTheScheduleGivesUp() {
        DeliverySchedule s = new DeliverySchedule(List.of(Duration.ofSeconds(10), Duration.ofMinutes(5)));
        assertThat(s.nextAttempt(1, NOW)).contains(NOW.plusSeconds(10));
        assertThat(s.nextAttempt(2, NOW)).contains(NOW.plusSeconds(300));
        assertThat(s.nextAttempt(3, NOW)).isEmpty();
    }

    @Test
    void rejectsAnEmptyOrNegativeSchedule() {
        assertThatThrownBy(() -> new DeliverySchedule(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySchedule(List.of(Duration.ofSeconds(-1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySchedule(List.of(Duration.ZERO)).nextAttempt(0, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
