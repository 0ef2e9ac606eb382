package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * A payment the ERP booked itself (card, cash, compensation) and reports explicitly.
 *
 * @param method how it was paid, as the ERP says (informative)
 * @param cancelled the ERP cancelled it: the invoice is open again by its amount
 */
public record ErpPaymentData(InvoiceNumber invoice, Money amount, LocalDate paymentDate, String method, boolean cancelled) {
}
