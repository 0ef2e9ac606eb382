package io.encaisse.reconciliation.internal;

import io.encaisse.invoices.ErpPaymentsOut;
import io.encaisse.invoices.PaymentPosting;
import io.encaisse.reconciliation.AllocationReversed;
import io.encaisse.reconciliation.PaymentAllocated;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Hands each allocation, and each undoing of one, to the ERP's payments-out (invoices module), in the transaction of this
 * listener: the event publication registry keeps the event until that commits, so nothing is lost across a restart.
 * It lives here because the invoices module must not depend on reconciliation (reconciliation uses the ledger).
 */
@Component
class ErpPaymentRelay {

    private final ErpPaymentsOut out;
    private final ReconStore store;
    private final Clock clock;

    ErpPaymentRelay(ErpPaymentsOut out, ReconStore store, Clock clock) {
        this.out = out;
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(PaymentAllocated e) {
        Optional<ReconStore.Txn> txn = store.txn(e.transactionId());
        out.allocated(new PaymentPosting(e.allocationId().value(), e.invoiceId(), e.invoiceNumber(), e.customer(), e.amount(),
                valueDate(e.valueDate(), txn), reference(e, txn)));
    }

    @ApplicationModuleListener
    void on(AllocationReversed e) {
        Optional<ReconStore.Txn> txn = store.txn(e.transactionId());
        out.reversed(new PaymentPosting(e.allocationId().value(), e.invoiceId(), e.invoiceNumber(), e.customer(), e.amount(),
                e.occurredAt().atZone(clock.getZone()).toLocalDate(), "bank transaction " + e.transactionId()));
    }

    private LocalDate valueDate(LocalDate fromEvent, Optional<ReconStore.Txn> txn) {
        if (fromEvent != null) {
            return fromEvent;
        }
        return txn.map(t -> t.valueDate() != null ? t.valueDate() : t.bookingDate())
                .orElseGet(() -> LocalDate.now(clock));
    }

    private static String reference(PaymentAllocated e, Optional<ReconStore.Txn> txn) {
        String payer = txn.map(ReconStore.Txn::counterpartyName).filter(n -> n != null && !n.isBlank()).orElse(null);
        String ref = "bank transaction " + e.transactionId() + (payer == null ? "" : " from " + payer);
        return ref.length() > 255 ? ref.substring(0, 255) : ref;
    }
}
