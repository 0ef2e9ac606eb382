package io.encaisse.invoices.internal.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to try a payment application again after the ERP was unavailable: the n-th failed attempt waits the n-th pause of
 * the schedule; past the schedule's end there is no next attempt (the application fails for good).
 */
public record DeliverySchedule(List<Duration> pauses) {

    public DeliverySchedule {
        if (pauses == null || pauses.isEmpty() || pauses.stream().anyMatch(p -> p == null || p.isNegative())) {
            throw new IllegalArgumentException("A retry schedule needs at least one pause, none negative: " + pauses);
        }
        pauses = List.copyOf(pauses);
    }

    /** @param failedAttempts attempts made so far, this one included (1 after the first failure) */
    public Optional<Instant> nextAttempt(int failedAttempts, Instant now) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("At least one attempt failed to ask for the next: " + failedAttempts);
        }
        return failedAttempts > pauses.size() ? Optional.empty() : Optional.of(now.plus(pauses.get(failedAttempts - 1)));
    }
}
