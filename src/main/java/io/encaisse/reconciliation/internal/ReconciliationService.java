package io.encaisse.reconciliation.internal;

import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.BankStatementImported;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceUpserted;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.PaymentApplication;
import io.encaisse.invoices.Receivables;
import io.encaisse.reconciliation.AllocationId;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.PaymentAllocated;
import io.encaisse.reconciliation.PaymentUnmatched;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.reconciliation.ReconciliationProperties;
import io.encaisse.reconciliation.TransactionStatus;
import io.encaisse.reconciliation.TransactionView;
import io.encaisse.reconciliation.internal.domain.MatchDecision;
import io.encaisse.reconciliation.internal.domain.MatchPolicy;
import io.encaisse.reconciliation.internal.domain.OpenItem;
import io.encaisse.reconciliation.internal.domain.ReferenceExtractor;
import io.encaisse.shared.Money;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies bank credits to invoices. Each credit is registered once (keyed by its bank entry), so re-handling
 * an event after a crash never allocates the same money twice.
 */
@Service
class ReconciliationService implements Reconciliation {

    private final BankStatements bank;
    private final Receivables receivables;
    private final ReconStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ReconciliationProperties props;

    ReconciliationService(BankStatements bank, Receivables receivables, ReconStore store, ApplicationEventPublisher events,
            Clock clock, ReconciliationProperties props) {
        this.bank = bank;
        this.receivables = receivables;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.props = props;
    }

    @ApplicationModuleListener
    void on(BankStatementImported imported) {
        List<BankEntryView> credits = new ArrayList<>();
        bank.entriesOf(imported.statementId(), e -> {
            // booked credits only: pending lines (intraday) are booked later; reversals are undone by their own flow
            if (e.credit() && !e.reversal() && (e.status() == null || "BOOK".equals(e.status()))) {
                credits.add(e);
            }
        });
        for (BankEntryView entry : credits) {
            store.register(entry, remittance(entry), clock.instant())
                    .ifPresent(this::match);
        }
    }

    /** An invoice that arrives after its payment: the waiting payment is matched now. */
    @ApplicationModuleListener
    void on(InvoiceUpserted upserted) {
        if (upserted.status() != InvoiceStatus.OPEN && upserted.status() != InvoiceStatus.PARTIALLY_PAID) {
            return;
        }
        for (ReconStore.Txn waiting : store.unmatchedMentioning(upserted.number().value(), upserted.amount().currency())) {
            match(waiting);
        }
    }

    private void match(ReconStore.Txn txn) {
        ReconStore.Txn locked = store.lock(txn.id());
        if (locked.status() != TransactionStatus.UNMATCHED) {
            return;
        }
        MatchDecision decision = decide(locked);
        if (decision instanceof MatchDecision.Allocate allocate && props.autoApply()) {
            apply(locked, allocate);
        } else {
            String reason = decision instanceof MatchDecision.Review review ? review.reason()
                    : "Automatic application is switched off (encaisse.reconciliation.auto-apply)";
            boolean firstTime = locked.reason() == null;
            store.markUnmatched(locked.id(), reason, clock.instant());
            if (firstTime) {
                events.publishEvent(new PaymentUnmatched(locked.id(), locked.amount(), locked.valueDate(),
                        locked.counterpartyName(), locked.counterpartyIban(), locked.remittance(), reason, clock.instant()));
            }
        }
    }

    private MatchDecision decide(ReconStore.Txn txn) {
        List<String> tokens = ReferenceExtractor.candidates(txn.structuredRefs(), txn.remittance());
        List<InvoiceView> found = receivables.findByNumbers(tokens.stream().map(ReconciliationService::asNumber)
                .flatMap(Optional::stream).toList());
        Map<String, InvoiceView> byNumber = found.stream()
                .collect(Collectors.toMap(v -> v.number().value(), Function.identity(), (a, b) -> a));
        List<OpenItem> named = new ArrayList<>();
        for (String token : tokens) {
            InvoiceView v = byNumber.remove(token);
            if (v != null) {
                boolean payable = v.status() == InvoiceStatus.OPEN || v.status() == InvoiceStatus.PARTIALLY_PAID;
                named.add(new OpenItem(v.id().value(), v.number().value(), v.customer().value(), v.openAmount(), v.dueDate(), payable));
            }
        }
        return MatchPolicy.decide(txn.amount(), named);
    }

    private void apply(ReconStore.Txn txn, MatchDecision.Allocate decision) {
        Money unapplied = txn.amount();
        for (MatchDecision.Line line : decision.lines()) {
            PaymentApplication applied = receivables.applyPayment(new InvoiceId(line.item().invoiceId()), line.amount(),
                    txn.valueDate() != null ? txn.valueDate() : txn.bookingDate());
            if (!applied.applied().isPositive()) {
                continue;
            }
            AllocationId id = store.insertAllocation(txn.id(), applied, decision.rule(), decision.explanation(), clock.instant());
            unapplied = unapplied.minus(applied.applied());
            events.publishEvent(new PaymentAllocated(id, txn.id(), applied.invoice().id(), applied.invoice().number(),
                    applied.invoice().customer(), applied.applied(), txn.valueDate(), decision.rule()));
        }
        TransactionStatus status = unapplied.isZero() ? TransactionStatus.MATCHED
                : unapplied.compareTo(txn.amount()) == 0 ? TransactionStatus.UNMATCHED : TransactionStatus.PARTIALLY_APPLIED;
        store.markApplied(txn.id(), unapplied, status, decision.explanation(), clock.instant());
    }

    private static Optional<InvoiceNumber> asNumber(String token) {
        try {
            return Optional.of(new InvoiceNumber(token));
        } catch (IllegalArgumentException notAnInvoiceNumber) {
            return Optional.empty();
        }
    }

    /** Everything the payer wrote, in order: unstructured lines, then the bank's additional information. */
    static String remittance(BankEntryView e) {
        List<String> parts = new ArrayList<>();
        for (TransactionDetail d : e.details()) {
            if (d.unstructured() != null) {
                parts.addAll(d.unstructured());
            }
        }
        if (e.additionalInfo() != null) {
            parts.add(e.additionalInfo());
        }
        return String.join(" ", parts);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AllocationView> allocationsOf(InvoiceId invoice) {
        return store.allocationsOf(invoice);
    }

    @Override
    @Transactional(readOnly = true)
    public List<TransactionView> transactions(TransactionStatus status, int limit, BankTransactionId before) {
        return store.transactions(status, limit, before);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<TransactionView> transaction(BankTransactionId id) {
        return store.transaction(id);
    }
}
