package io.encaisse.dunning;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What a dunning run decided: one email per customer with newly reached levels. */
public record DunningRunResult(UUID runId, LocalDate asOf, String trigger, int customersNotified, int notices, int skipped,
                               List<Notice> newNotices) {

    public record Notice(String customerId, String invoiceNumber, int level, String emailTo) {
    }
}
