package io.encaisse.invoices;

/** Where an invoice stands. Follows from its open amount, except CANCELLED which the ERP decides. */
public enum InvoiceStatus {
    OPEN,
    PARTIALLY_PAID,
    PAID,
    CANCELLED
}
