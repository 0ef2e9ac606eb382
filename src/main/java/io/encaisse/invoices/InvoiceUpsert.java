package io.encaisse.invoices;

/** One record of a batch: an invoice number and its data, or why it could not even be read. */
public record InvoiceUpsert(int index, String invoiceNumber, InvoiceData data, String invalidReason) {

    public static InvoiceUpsert valid(int index, String invoiceNumber, InvoiceData data) {
        return new InvoiceUpsert(index, invoiceNumber, data, null);
    }

    public static InvoiceUpsert invalid(int index, String invoiceNumber, String reason) {
        return new InvoiceUpsert(index, invoiceNumber, null, reason);
    }
}
