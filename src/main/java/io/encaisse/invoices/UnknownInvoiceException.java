package io.encaisse.invoices;

/** A payment or credit names an invoice the hub has never received. */
public class UnknownInvoiceException extends RuntimeException {
    public UnknownInvoiceException(InvoiceNumber number) {
        super("Unknown invoice '" + number.value() + "': send the invoice first");
    }
}
