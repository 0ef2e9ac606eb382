package io.encaisse.bank.internal.parser;

/** The file was rejected; {@link #getReason()} is a human-readable sentence. */
public final class InvalidStatementException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public InvalidStatementException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public InvalidStatementException(String reason) {
        this(reason, null);
    }

    public String getReason() {
        return reason;
    }
}
