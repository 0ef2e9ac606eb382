package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** nextDouble() == 0.5 exactly: no jitter. */
    private static final RandomGenerator MIDDLE = () -> Long.MIN_VALUE;
    /** nextDouble() == 0: the lowest jitter, -20 %. */
    private static final RandomGenerator LOWEST = () -> 0L;
    /** nextDouble() just below 1: the highest jitter, +20 %. */
    private static final RandomGenerator HIGHEST = () -> -1L;

    @Test
    void defaultIsTheStandardWebhooksExample() {
        RetrySchedule s = RetrySchedule.standard(MIDDLE);
        assertThat(s.delays()).containsExactly(
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20),
                Duration.ofHours(24));
        assertThat(s.maxAttempts()).isEqualTo(10);
        assertThat(s.totalSpan()).isEqualTo(Duration.parse("PT75H35M5S"));
        assertThat(s.jitter()).isEqualTo(0.2);
    }

    @Test
    void walksTheScheduleAndIsExhaustedAfterTenAttempts() {
        RetrySchedule s = RetrySchedule.standard(MIDDLE);
        Instant at = T0;
        List<Instant> attempts = new ArrayList<>(List.of(at)); // attempt 1, immediate
        for (int failed = 1; ; failed++) {
            Optional<Instant> next = s.nextAttemptAfter(failed, at, null);
            if (next.isEmpty()) {
                assertThat(failed).isEqualTo(10);
                break;
            }
            at = next.get();
            attempts.add(at);
        }
        assertThat(attempts).hasSize(10);
        assertThat(attempts.get(1)).isEqualTo(T0.plusSeconds(5));
        assertThat(attempts.get(2)).isEqualTo(T0.plusSeconds(5).plus(Duration.ofMinutes(5)));
        assertThat(attempts.get(9)).isEqualTo(T0.plus(Duration.parse("PT75H35M5S")));
        assertThat(s.nextAttemptAfter(11, T0, null)).isEmpty();
        assertThat(s.nextAttemptAfter(10, T0, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void rejectsZeroFailedAttempts() {
        RetrySchedule s = RetrySchedule.standard(MIDDLE);
        assertThatThrownBy(() -> s.nextAttemptAfter(0, T0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jitterExtremesArePlusMinusTwentyPercent() {
        assertThat(RetrySchedule.standard(LOWEST).nextAttemptAfter(2, T0, null)).contains(T0.plusSeconds(240));
        Instant high = RetrySchedule.standard(HIGHEST).nextAttemptAfter(2, T0, null).orElseThrow();
        assertThat(Duration.between(T0, high)).isBetween(Duration.ofSeconds(359), Duration.ofSeconds(360));
    }

    @Test
    void jitterStaysWithinBoundsAndSpreadsBothWays() {
        RetrySchedule s = RetrySchedule.standard(new SplittableRandom(42));
        Duration base = Duration.ofHours(2);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long ms = Duration.between(T0, s.nextAttemptAfter(4, T0, null).orElseThrow()).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isGreaterThanOrEqualTo((long) (base.toMillis() * 0.8)).isLessThan((long) (base.toMillis() * 0.82));
        assertThat(max).isLessThanOrEqualTo((long) (base.toMillis() * 1.2)).isGreaterThan((long) (base.toMillis() * 1.18));
    }

    @Test
    void sameSeedSameSchedule() {
        RetrySchedule a = RetrySchedule.standard(new SplittableRandom(7));
        RetrySchedule b = RetrySchedule.standard(new SplittableRandom(7));
        for (int failed = 1; failed <= 9; failed++) {
            assertThat(a.nextAttemptAfter(failed, T0, null)).isEqualTo(b.nextAttemptAfter(failed, T0, null));
        }
    }

    @Test
    void retryAfterHintIsClampedToBaseAndTwiceBase() {
        RetrySchedule s = RetrySchedule.standard(LOWEST); // jitter would give 4 min for base 5 min
        // within [5 min, 10 min]: honoured exactly, no jitter
        assertThat(s.nextAttemptAfter(2, T0, Duration.ofMinutes(7))).contains(T0.plus(Duration.ofMinutes(7)));
        // too short: raised to the base, never earlier
        assertThat(s.nextAttemptAfter(2, T0, Duration.ofSeconds(7))).contains(T0.plus(Duration.ofMinutes(5)));
        assertThat(s.nextAttemptAfter(2, T0, Duration.ZERO)).contains(T0.plus(Duration.ofMinutes(5)));
        // too long: capped at twice the base
        assertThat(s.nextAttemptAfter(2, T0, Duration.ofHours(3))).contains(T0.plus(Duration.ofMinutes(10)));
        // negative hint ignored: jittered base
        assertThat(s.nextAttemptAfter(2, T0, Duration.ofSeconds(-5))).contains(T0.plus(Duration.ofMinutes(4)));
        // the first retry (base 5 s) with a 429 Retry-After: 7
        assertThat(s.nextAttemptAfter(1, T0, Duration.ofSeconds(7))).contains(T0.plusSeconds(7));
    }

    @Test
    void parsesConfigStrings() {
        RetrySchedule s = RetrySchedule.parse(" 5s, 5m ,30m,2h,1d,250ms ", MIDDLE);
        assertThat(s.delays()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofDays(1), Duration.ofMillis(250));
        assertThat(s.maxAttempts()).isEqualTo(7);
        assertThat(RetrySchedule.parse("5S,0s", MIDDLE).delays()).containsExactly(Duration.ofSeconds(5), Duration.ZERO);
        assertThat(RetrySchedule.parse(RetrySchedule.DEFAULT_SPEC, MIDDLE).delays())
                .isEqualTo(RetrySchedule.standard(MIDDLE).delays());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "5s,,5m", "5s,", "5", "s", "-5s", "5x", "5 s", "1.5h", "5sec", "99999999999999999999s",
            "999999999999999d"})
    void rejectsBadConfigStrings(String spec) {
        assertThatThrownBy(() -> RetrySchedule.parse(spec, MIDDLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Retry");
    }

    @Test
    void rejectsNullSpecAndBadConstruction() {
        assertThatThrownBy(() -> RetrySchedule.parse(null, MIDDLE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(), 0.2, MIDDLE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), 0.2, MIDDLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(1)), 1.5, MIDDLE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delaysAreImmutable() {
        List<Duration> source = new ArrayList<>(List.of(Duration.ofSeconds(1)));
        RetrySchedule s = new RetrySchedule(source, 0.0, MIDDLE);
        source.add(Duration.ofSeconds(2));
        assertThat(s.delays()).hasSize(1);
        assertThatThrownBy(() -> s.delays().add(Duration.ZERO)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaultRandomIsUsableAcrossThreads() throws Exception {
        RetrySchedule s = RetrySchedule.standard();
        Thread t = new Thread(() -> s.nextAttemptAfter(1, T0, null));
        t.start();
        t.join();
        Duration d = Duration.between(T0, s.nextAttemptAfter(1, T0, null).orElseThrow());
        assertThat(d).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
    }
}
