package io.encaisse.invoices;

import io.encaisse.shared.Money;

/** The result of applying (or reversing) an amount on an invoice. */
public record PaymentApplication(InvoiceView invoice, Money applied) {
}
