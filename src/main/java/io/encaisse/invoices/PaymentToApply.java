package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/** One payment of {@link Receivables#applyPayments}: up to {@code amount} on the invoice, paid on {@code valueDate}. */
public record PaymentToApply(InvoiceId invoice, Money amount, LocalDate valueDate) {
}
