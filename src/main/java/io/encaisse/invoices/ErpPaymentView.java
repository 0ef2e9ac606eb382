package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;

/**
 * An ERP-side payment in the ledger, with the invoice after it.
 *
 * @param hubApplication the ERP's id is that of a payment the hub posted itself (an allocation sent back): it is not
 *        counted again
 */
public record ErpPaymentView(ErpPaymentId id, InvoiceNumber invoice, Money amount, LocalDate paymentDate, String method,
        boolean cancelled, boolean hubApplication, InvoiceView invoiceAfter) {
}
