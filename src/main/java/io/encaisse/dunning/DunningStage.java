package io.encaisse.dunning;

import java.time.Instant;

/** The highest reminder level a customer's open invoices have reached; 0 when none. */
public record DunningStage(int level, Instant lastNoticeAt) {
}
