package io.encaisse.invoices.internal.erp.rest;

/** The ERP did not answer, answered 5xx, or asked to slow down for longer than we wait in place: retried with backoff. */
public class RestErpUnavailableException extends RuntimeException {

    public RestErpUnavailableException(String message) {
        super(message);
    }

    public RestErpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
