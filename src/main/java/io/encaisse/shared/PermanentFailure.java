package io.encaisse.shared;

/**
 * A failure that retrying cannot fix (bad data, a rejected request). The shared Camel error
 * handling sends it straight to the dead-letter record instead of redelivering.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
