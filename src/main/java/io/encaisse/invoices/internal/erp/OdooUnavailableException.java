package io.encaisse.invoices.internal.erp;

/** Odoo (or the proxy in front of it) did not answer, or answered with an HTTP error: worth retrying. */
public class OdooUnavailableException extends RuntimeException {
    public OdooUnavailableException(String message) {
        super(message);
    }

    public OdooUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
