package io.encaisse.reconciliation;

import java.time.Instant;
import java.util.UUID;

/**
 * A rule that identifies a payer: payments from an IBAN, or carrying a reference, are a customer's. Configured through
 * the API (accepted at once) or learned from a person's manual allocation (proposed until an operator decides).
 *
 * @param value the IBAN or the reference (text, prefix or regular expression, see {@code match})
 * @param match for references: EXACT, PREFIX or REGEX; EXACT for IBANs
 * @param evidenceTransaction the bank transaction whose allocation taught it (learned rules), else null
 * @param timesSeen how many manual allocations agreed with it
 */
public record PayerRuleView(UUID id, String customerRef, Kind kind, String value, String match, Status status, Origin origin,
        UUID evidenceTransaction, String evidence, int timesSeen, Instant createdAt, String createdBy, Instant decidedAt,
        String decidedBy, String decisionReason) {

    public enum Kind {
        IBAN, REFERENCE
    }

    public enum Status {
        PROPOSED, ACCEPTED, REJECTED
    }

    public enum Origin {
        CONFIGURED, LEARNED
    }
}
