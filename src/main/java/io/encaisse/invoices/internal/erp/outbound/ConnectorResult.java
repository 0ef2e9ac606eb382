package io.encaisse.invoices.internal.erp.outbound;

/** What the ERP made of one payment application: a value, never an exception. */
sealed interface ConnectorResult {

    /** Booked (or found already booked); {@code erpId} the ERP's id for it, when it gives one. */
    record Sent(String erpId) implements ConnectorResult {
    }

    /** Refused for good (validation, rights, a missing record): sending it again cannot help. */
    record Refused(String reason) implements ConnectorResult {
    }

    /** No answer, a timeout, a server error: try again later. */
    record Unavailable(String reason) implements ConnectorResult {
    }
}
