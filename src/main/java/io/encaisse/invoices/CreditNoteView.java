package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/** A credit note in the ledger; {@code creditedInvoiceKnown}: the invoice it credits is in the ledger. */
public record CreditNoteView(CreditNoteNumber number, CustomerRef customer, LocalDate issueDate, Money amount,
        InvoiceNumber creditedInvoice, boolean creditedInvoiceKnown, boolean cancelled, Instant updatedAt) {
}
