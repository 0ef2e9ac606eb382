package io.encaisse.bank.internal.domain;

/** What one statement line meant for the transaction it reports. */
public enum LineOutcome {
    /** a transaction seen for the first time */
    NEW,
    /** a transaction known as pending (or informational) is booked by this line: the money is new now */
    BOOKED,
    /** a known transaction gets its transaction details from this line (a camt.054 detailing a booked batch) */
    DETAILED,
    /** nothing new: the same booking reported again */
    SEEN_AGAIN;

    /** True when downstream must see the line as money arriving now. */
    public boolean isNewMoney() {
        return this == NEW || this == BOOKED;
    }

    /** A line whose transaction is already known. */
    public static LineOutcome ofRepeat(String knownStatus, int knownDetails, String lineStatus, int lineDetails) {
        if (!booked(knownStatus) && booked(lineStatus)) {
            return BOOKED;
        }
        return lineDetails > knownDetails ? DETAILED : SEEN_AGAIN;
    }

    /** Whether the line's details should replace the known ones: only richer details do (more TxDtls). */
    public static boolean detailsReplace(int knownDetails, int lineDetails) {
        return lineDetails > knownDetails;
    }

    /** No status counts as booked, as the reconciliation module reads it (MT940 and some camt.054 have none). */
    public static boolean booked(String status) {
        return status == null || "BOOK".equals(status);
    }
}
