package io.encaisse.bank;

/** What became of a received bank file. */
public enum ImportStatus {
    IMPORTED,
    /** the same file (or a statement in it) was imported before: nothing booked again */
    DUPLICATE,
    /** the file cannot be read as a bank statement: the reason says why */
    REJECTED
}
