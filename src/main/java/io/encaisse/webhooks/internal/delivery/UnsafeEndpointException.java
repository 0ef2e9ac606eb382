package io.encaisse.webhooks.internal.delivery;

/** A webhook URL that the SSRF policy refuses. The message says why, without echoing credentials. */
public class UnsafeEndpointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnsafeEndpointException(String message) {
        super(message);
    }
}
