package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * A credit note as the ERP sends it.
 *
 * @param amount what it credits, positive
 * @param creditedInvoice the invoice it credits (its open amount drops by the credit note, never below zero; the rest is
 *        customer credit), or null: all of it is customer credit
 * @param cancelled the ERP voided it: it credits nothing
 */
public record CreditNoteData(CustomerRef customer, LocalDate issueDate, Money amount, InvoiceNumber creditedInvoice,
        boolean cancelled) {
}
