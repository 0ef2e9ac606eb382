package io.encaisse.reconciliation;

import java.util.List;

/**
 * Credits of a chunk matched together that could not be applied automatically: what {@link PaymentUnmatched} says one
 * by one, in one event, so that matching costs one event publication per chunk and listener rather than one per
 * unmatched credit. Listeners handle each item as they handle the single event.
 *
 * @param unmatched in the order the credits were decided
 */
public record PaymentsUnmatched(List<PaymentUnmatched> unmatched) {
}
