package io.encaisse.reconciliation.internal;

import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.ErpPaymentsOut;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.PaymentPosting;
import io.encaisse.reconciliation.AllocationId;
import io.encaisse.shared.Money;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * Hands each allocation, and each undoing of one, to the ERP's payments-out (invoices module) in the transaction that
 * makes or undoes it: the posting commits with the allocation or not at all. (It was an event listener: one more
 * event publication, asynchronous transaction and read of the bank transaction per applied credit, about a third of
 * the outbox work of matching.) It lives here because the invoices module must not depend on reconciliation.
 */
@Component
class ErpPaymentRelay {

    private final ErpPaymentsOut out;
    private final Clock clock;

    ErpPaymentRelay(ErpPaymentsOut out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    void allocated(AllocationId id, ReconStore.Txn txn, InvoiceId invoice, InvoiceNumber number, CustomerRef customer, Money amount) {
        LocalDate valueDate = txn.valueDate() != null ? txn.valueDate() : txn.bookingDate() != null ? txn.bookingDate()
                : LocalDate.now(clock);
        String payer = txn.counterpartyName() == null || txn.counterpartyName().isBlank() ? null : txn.counterpartyName();
        String ref = "bank transaction " + txn.id() + (payer == null ? "" : " from " + payer);
        out.allocated(new PaymentPosting(id.value(), invoice, number, customer, amount, valueDate,
                ref.length() > 255 ? ref.substring(0, 255) : ref));
    }

    void reversed(AllocationId id, io.encaisse.reconciliation.BankTransactionId txn, InvoiceId invoice, InvoiceNumber number,
            CustomerRef customer, Money amount) {
        out.reversed(new PaymentPosting(id.value(), invoice, number, customer, amount, LocalDate.now(clock),
                "bank transaction " + txn));
    }
}
