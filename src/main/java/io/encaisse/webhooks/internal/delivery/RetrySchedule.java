package io.encaisse.webhooks.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Immutable retry schedule: the first attempt is immediate, and {@code delays().get(n - 1)} is the
 * base wait after the n-th failed attempt. With {@code k} delays there are {@code k + 1} attempts.
 *
 * <p>The default is the Standard Webhooks example: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 14 h, 20 h, 24 h (10 attempts, the last 75 h 35 m 5 s after the first, before jitter).
 *
 * <p>Without a hint each delay gets ±{@code jitter} (default 20 %) uniform jitter. A
 * {@code Retry-After} hint replaces the jittered delay and is clamped to {@code [base, 2 × base]}:
 * it can only postpone the next attempt relative to the base, and by at most one base delay
 * (same rule as Svix).
 */
public final class RetrySchedule {

    public static final String DEFAULT_SPEC = "5s,5m,30m,2h,5h,10h,14h,20h,24h";
    public static final double DEFAULT_JITTER = 0.2;

    private final List<Duration> delays;
    private final double jitter;
    private final RandomGenerator random;

    public RetrySchedule(List<Duration> delays, double jitter, RandomGenerator random) {
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(random, "random");
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one delay");
        }
        for (Duration d : delays) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("Retry delays must be zero or positive: " + delays);
            }
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("Jitter must be in [0, 1), got " + jitter);
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.random = random;
    }

    /** Default schedule, ±20 % jitter from {@link ThreadLocalRandom} (thread-safe). */
    public static RetrySchedule standard() {
        return standard(threadLocalRandom());
    }

    /** Default schedule, ±20 % jitter from {@code random}. */
    public static RetrySchedule standard(RandomGenerator random) {
        return parse(DEFAULT_SPEC, random);
    }

    /** Parses e.g. {@code "5s,5m,30m,2h,5h,10h,14h,20h,24h"}; ±20 % jitter from ThreadLocalRandom. */
    public static RetrySchedule parse(String spec) {
        return parse(spec, threadLocalRandom());
    }

    /**
     * Parses a comma-separated list of delays after each failed attempt (the immediate first attempt
     * is implicit). Units: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; a unit is required.
     *
     * @throws IllegalArgumentException on an empty list, an empty item, a missing/unknown unit or a
     *                                  negative or non-integer number
     */
    public static RetrySchedule parse(String spec, RandomGenerator random) {
        return new RetrySchedule(parseDelays(spec), DEFAULT_JITTER, random);
    }

    static List<Duration> parseDelays(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("Retry schedule is empty");
        }
        List<Duration> result = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                throw new IllegalArgumentException("Retry schedule '" + spec + "' has an empty item");
            }
            int split = 0;
            while (split < item.length() && Character.isDigit(item.charAt(split))) {
                split++;
            }
            if (split == 0 || split == item.length()) {
                throw new IllegalArgumentException("Retry delay '" + raw.strip()
                        + "' must be a non-negative integer followed by a unit (ms, s, m, h, d)");
            }
            long amount;
            try {
                amount = Long.parseLong(item.substring(0, split));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Retry delay '" + raw.strip() + "' is too large");
            }
            String unit = item.substring(split);
            try {
                result.add(switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> throw new IllegalArgumentException("Retry delay '" + raw.strip()
                            + "' has unknown unit '" + unit + "' (use ms, s, m, h, d)");
                });
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("Retry delay '" + raw.strip() + "' is too large");
            }
        }
        return result;
    }

    private static RandomGenerator threadLocalRandom() {
        return () -> ThreadLocalRandom.current().nextLong();
    }

    /** Base delays (before jitter) after failed attempt 1, 2, ... */
    public List<Duration> delays() {
        return delays;
    }

    /** Total number of attempts, the immediate first one included. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    public double jitter() {
        return jitter;
    }

    /** Sum of the base delays: the time from the first to the last attempt, before jitter. */
    public Duration totalSpan() {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * When to make the next attempt after {@code failedAttempts} attempts have failed, the last one
     * at {@code failedAt}.
     *
     * @param failedAttempts  attempts made so far, all failed (1 after the first failure)
     * @param retryAfterHint  the receiver's {@code Retry-After}, or {@code null}; negative is ignored
     * @return empty when the schedule is exhausted
     */
    public Optional<Instant> nextAttemptAfter(int failedAttempts, Instant failedAt, Duration retryAfterHint) {
        Objects.requireNonNull(failedAt, "failedAt");
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        if (failedAttempts > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(failedAttempts - 1);
        Duration wait;
        if (retryAfterHint != null && !retryAfterHint.isNegative()) {
            Duration max = base.multipliedBy(2);
            wait = retryAfterHint.compareTo(base) < 0 ? base : retryAfterHint.compareTo(max) > 0 ? max : retryAfterHint;
        } else {
            wait = jittered(base);
        }
        return Optional.of(failedAt.plus(wait));
    }

    private Duration jittered(Duration base) {
        if (jitter == 0.0 || base.isZero()) {
            return base;
        }
        double u = random.nextDouble(); // [0, 1)
        double factor = 1.0 + jitter * (2.0 * u - 1.0); // [1 - jitter, 1 + jitter)
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    @Override
    public String toString() {
        return "RetrySchedule" + delays + " jitter=" + jitter;
    }
}
