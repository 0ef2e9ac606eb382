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
import io.encaisse.reconciliation.AllocationEventView;
import io.encaisse.reconciliation.AllocationId;
import io.encaisse.reconciliation.AllocationReversed;
import io.encaisse.reconciliation.ManualAllocationLine;
import io.encaisse.reconciliation.PaymentReturned;
import io.encaisse.reconciliation.ReturnUnmatched;
import io.encaisse.reconciliation.ReviewOutcome;
import io.encaisse.reconciliation.TransactionKind;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.PaymentAllocated;
import io.encaisse.reconciliation.PaymentUnmatched;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.reconciliation.ReconciliationProperties;
import io.encaisse.reconciliation.TransactionStatus;
import io.encaisse.reconciliation.TransactionView;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.reconciliation.internal.domain.AmountTolerance;
import io.encaisse.reconciliation.internal.domain.Ledger;
import io.encaisse.reconciliation.internal.domain.ManualAllocationPolicy;
import io.encaisse.reconciliation.internal.domain.MatchEngine;
import io.encaisse.reconciliation.internal.domain.Payment;
import io.encaisse.reconciliation.internal.domain.MatchDecision;
import io.encaisse.reconciliation.internal.domain.OpenItem;
import io.encaisse.reconciliation.internal.domain.ReturnMatcher;
import io.encaisse.reconciliation.internal.domain.ReturnRule;
import io.encaisse.shared.Money;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.persistence.EntityManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies bank credits to invoices and undoes them when the bank returns them. Each credit and each returned payment
 * is registered once (keyed by its bank entry and detail), so re-handling an event after a crash never allocates or
 * reverses the same money twice. A person's allocations and undos lock the transaction row first.
 */
@Service
class ReconciliationService implements Reconciliation {

    private final BankStatements bank;
    private final Receivables receivables;
    private final ReconStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ReconciliationProperties props;
    private final TransactionTemplate tx;
    private final MatchEngine engine;

    ReconciliationService(BankStatements bank, Receivables receivables, ReconStore store, ApplicationEventPublisher events,
            Clock clock, ReconciliationProperties props, PlatformTransactionManager transactions, EntityManager session) {
        this.tx = new TransactionTemplate(transactions);
        this.session = session;
        this.bank = bank;
        this.receivables = receivables;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.props = props;
        this.engine = MatchEngine.configured(props.rules(),
                new AmountTolerance(props.tolerance().absolute(), props.tolerance().percent()),
                new MatchEngine.Settings(props.autoApply(), props.autoApplyThreshold(), props.autoApplyMargin()));
    }

    /** The transaction's shared persistence context (the invoices read and changed while matching live in it). */
    private final EntityManager session;

    @ApplicationModuleListener
    void on(BankStatementImported imported) {
        List<BankEntryView> credits = new ArrayList<>();
        List<BankEntryView> returns = new ArrayList<>();
        bank.entriesOf(imported.statementId(), e -> {
            // the bank module does not expose the bank transaction code yet: the rule decides on the indicator and RtrInf
            List<String> reasons = e.details().stream().map(TransactionDetail::returnReason).toList();
            switch (ReturnRule.classify(e.credit(), e.reversal(), e.status(), reasons, e.bankTxFamily(), e.bankTxSubFamily())) {
                case PAYMENT -> credits.add(e);
                case RETURN_OF_CREDIT -> returns.add(e);
                case OTHER -> { }
            }
        });
        // credits first: a return booked in the same statement as its credit finds it
        for (BankEntryView entry : credits) {
            store.register(entry, imported.account(), remittance(entry), reportedCharges(entry), clock.instant())
                    .ifPresent(this::match);
            // write and forget each credit's changes: otherwise every later query re-checks every invoice loaded so far,
            // and a statement's cost grows with the square of its size (measured by the reconciliation benchmark)
            session.flush();
            session.clear();
        }
        for (BankEntryView entry : returns) {
            List<TransactionDetail> parts = returnedPayments(entry);
            if (parts.isEmpty()) {
                TransactionDetail first = entry.details().isEmpty() ? null : entry.details().get(0);
                store.registerReturn(entry, 0, imported.account(), entry.amount(), first, remittance(entry), clock.instant())
                        .ifPresent(r -> settleReturn(r, first));
            } else {
                for (int i = 0; i < parts.size(); i++) {
                    TransactionDetail d = parts.get(i);
                    store.registerReturn(entry, i, imported.account(), Money.of(d.amount(), d.currency()), d,
                            remittance(entry, d), clock.instant())
                            .ifPresent(r -> settleReturn(r, d));
                }
            }
        }
    }

    /**
     * A batch return entry (several transaction details whose amounts add up to the entry) returns one payment per
     * detail; anything else is one returned payment (empty list).
     */
    static List<TransactionDetail> returnedPayments(BankEntryView e) {
        if (e.details().size() < 2) {
            return List.of();
        }
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (TransactionDetail d : e.details()) {
            if (d.amount() == null || d.amount().signum() <= 0 || !e.amount().currency().equals(d.currency())) {
                return List.of();
            }
            sum = sum.add(d.amount());
        }
        return sum.compareTo(e.amount().amount()) == 0 ? e.details() : List.of();
    }

    /** Finds the credit a return takes back and undoes it, or leaves the return for a person with the reason. */
    private void settleReturn(ReconStore.Txn ret, TransactionDetail detail) {
        String e2e = detail == null ? null : detail.endToEndId();
        String instr = detail == null ? null : detail.instructionId();
        ReturnMatcher.Returned returned = new ReturnMatcher.Returned(ret.amount(), ret.account(), e2e, instr,
                ret.counterpartyIban(), ret.bookingDate() != null ? ret.bookingDate() : ret.valueDate());
        ReturnMatcher.Outcome outcome = ReturnMatcher.find(returned,
                store.returnCandidates(ret, ReturnMatcher.usableId(e2e) ? e2e.trim() : null,
                        ReturnMatcher.usableId(instr) ? instr.trim() : null));
        String code = ret.returnReason();
        if (outcome instanceof ReturnMatcher.Found found) {
            ReconStore.Txn original = store.lock(new BankTransactionId(found.original().id()));
            if (original.status() != TransactionStatus.RETURNED) {
                String why = "Returned by the bank" + (code == null ? "" : " (reason " + code + ")") + " in bank transaction "
                        + ret.id();
                List<InvoiceNumber> reopened = new ArrayList<>();
                for (AllocationView a : store.activeAllocations(original.id())) {
                    reverse(original.id(), a, why, AllocationEventView.SYSTEM);
                    reopened.add(a.invoiceNumber());
                }
                store.markReturned(original.id(), ret.id(), why, clock.instant());
                store.markReturnMatched(ret.id(), original.id(), found.explanation() + " (rule " + found.rule() + ")",
                        clock.instant());
                events.publishEvent(new PaymentReturned(ret.id(), original.id(), ret.amount(), code, List.copyOf(reopened),
                        ret.counterpartyName(), ret.counterpartyIban(), ret.bookingDate(), clock.instant()));
                return;
            }
            outcome = new ReturnMatcher.NotFound("The credit found (" + original.id() + ") was already returned");
        }
        String reason = ((ReturnMatcher.NotFound) outcome).reason() + (code == null ? "" : " (return reason " + code + ")");
        store.markReturnUnmatched(ret.id(), reason, clock.instant());
        events.publishEvent(new ReturnUnmatched(ret.id(), ret.amount(), code, e2e, ret.counterpartyName(),
                ret.counterpartyIban(), ret.bookingDate(), reason, clock.instant()));
    }

    /** Puts an allocation's amount back on its invoice, marks it reversed and records who did it and why. */
    private PaymentApplication reverse(BankTransactionId txn, AllocationView a, String reason, String actor) {
        PaymentApplication back = receivables.reversePayment(a.invoiceId(),
                a.writeOff() == null ? a.amount() : a.amount().plus(a.writeOff()));
        store.markReversed(a.id(), reason, clock.instant());
        store.insertEvent(a.id(), txn, AllocationEventView.Action.REVERSED, actor, reason, clock.instant());
        InvoiceView inv = back.invoice();
        events.publishEvent(new AllocationReversed(a.id(), txn, a.invoiceId(), a.invoiceNumber(), inv.customer(), a.amount(),
                inv.status(), inv.openAmount(), reason, actor, clock.instant()));
        return back;
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

    /** A chunk of a batch upsert: each invoice as if it came alone. */
    @ApplicationModuleListener
    void on(io.encaisse.invoices.InvoiceBatchUpserted batch) {
        batch.upserted().forEach(this::on);
    }

    private void match(ReconStore.Txn txn) {
        ReconStore.Txn locked = store.lock(txn.id());
        if (locked.status() != TransactionStatus.UNMATCHED && locked.status() != TransactionStatus.SUGGESTED) {
            return;
        }
        MatchDecision decision = engine.decide(payment(locked), new ReceivablesLedger());
        if (decision instanceof MatchDecision.Allocate allocate) {
            apply(locked, allocate);
            return;
        }
        boolean firstTime = locked.reason() == null;
        String reason;
        if (decision instanceof MatchDecision.Suggest suggest) {
            reason = suggest.reason();
            store.markSuggested(locked.id(), reason, suggest.ranked(), clock.instant());
        } else {
            reason = ((MatchDecision.Review) decision).reason();
            store.markUnmatched(locked.id(), reason, clock.instant());
        }
        if (firstTime) {
            events.publishEvent(new PaymentUnmatched(locked.id(), locked.amount(), locked.valueDate(),
                    locked.counterpartyName(), locked.counterpartyIban(), locked.remittance(), reason, clock.instant()));
        }
    }

    static Payment payment(ReconStore.Txn txn) {
        return new Payment(txn.amount(), txn.charges(), txn.counterpartyName(), txn.counterpartyIban(), txn.structuredRefs(),
                txn.remittance());
    }

    /** The charges the bank reported for the entry (entry level, else the sum of its transactions'), in its currency. */
    static Money reportedCharges(BankEntryView e) {
        String currency = e.amount().currency();
        if (e.charges() != null && e.charges().totalAmount() != null && e.charges().totalAmount().signum() > 0
                && (e.charges().totalCurrency() == null || currency.equals(e.charges().totalCurrency()))) {
            return scaled(e.charges().totalAmount(), currency);
        }
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (TransactionDetail d : e.details()) {
            if (d.charges() != null && d.charges().totalAmount() != null
                    && (d.charges().totalCurrency() == null || currency.equals(d.charges().totalCurrency()))) {
                sum = sum.add(d.charges().totalAmount().abs());
            }
        }
        return sum.signum() > 0 ? scaled(sum, currency) : null;
    }

    private static Money scaled(java.math.BigDecimal amount, String currency) {
        return Money.of(amount.abs().setScale(Money.scaleOf(currency), java.math.RoundingMode.HALF_EVEN), currency);
    }

    /** The rules' view of the ledger: the invoices module's API, and the payers learned from people's allocations. */
    private final class ReceivablesLedger implements Ledger {

        private static final int MAX_OPEN_PER_CUSTOMER = 50;
        private static final int MAX_NAMED_CUSTOMERS = 10;

        @Override
        public List<OpenItem> invoicesByKeys(Collection<String> keys) {
            return receivables.findByNormalisedNumbers(keys).stream().map(ReconciliationService::item).toList();
        }

        @Override
        public List<OpenItem> invoicesByDigits(Collection<String> digits) {
            return receivables.findByNumberDigits(digits).stream().map(ReconciliationService::item).toList();
        }

        @Override
        public List<Payer> payersByIban(String iban) {
            Map<String, Payer> out = new LinkedHashMap<>();
            for (CustomerView c : receivables.customersByIban(iban)) {
                out.putIfAbsent(c.ref().value(), payer(c, Source.ERP_IBAN));
            }
            for (String ref : store.learnedCustomers(iban)) {
                if (!out.containsKey(ref)) {
                    receivables.customer(new CustomerRef(ref)).ifPresent(c -> out.put(ref, payer(c, Source.LEARNED_IBAN)));
                }
            }
            return List.copyOf(out.values());
        }

        @Override
        public java.util.Set<String> customersKnownForIban(String iban) {
            java.util.Set<String> refs = new java.util.HashSet<>();
            receivables.customersByIban(iban).forEach(c -> refs.add(c.ref().value()));
            refs.addAll(store.learnedCustomers(iban));
            return refs;
        }

        @Override
        public List<Payer> payersNamedLike(String token) {
            return receivables.customersWithNameContaining(token, MAX_NAMED_CUSTOMERS).stream()
                    .map(c -> payer(c, Source.NAME)).toList();
        }

        private Payer payer(CustomerView c, Source source) {
            return new Payer(c.ref().value(), c.name(), source, receivables.openInvoicesOf(c.id(), MAX_OPEN_PER_CUSTOMER).stream()
                    .map(ReconciliationService::item).toList());
        }
    }

    private static OpenItem item(InvoiceView v) {
        boolean payable = v.status() == InvoiceStatus.OPEN || v.status() == InvoiceStatus.PARTIALLY_PAID;
        return new OpenItem(v.id().value(), v.number().value(), v.customer().value(), v.openAmount(), v.dueDate(), payable);
    }

    private void apply(ReconStore.Txn txn, MatchDecision.Allocate decision) {
        Money unapplied = txn.amount();
        for (MatchDecision.Line line : decision.lines()) {
            PaymentApplication applied = receivables.applyPayment(new InvoiceId(line.item().invoiceId()), line.settles(),
                    txn.valueDate() != null ? txn.valueDate() : txn.bookingDate());
            if (!applied.applied().isPositive()) {
                continue;
            }
            // the money first; only what the invoice took beyond it is written off
            Money money = applied.applied().min(line.amount());
            Money writeOff = applied.applied().minus(money);
            AllocationId id = store.insertAllocation(txn.id(), applied, money, writeOff, decision.rule(), decision.explanation(),
                    clock.instant());
            store.insertEvent(id, txn.id(), AllocationEventView.Action.CREATED, AllocationEventView.SYSTEM, decision.explanation(),
                    clock.instant());
            unapplied = unapplied.minus(money);
            events.publishEvent(new PaymentAllocated(id, txn.id(), applied.invoice().id(), applied.invoice().number(),
                    applied.invoice().customer(), money, txn.valueDate(), decision.rule()));
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

    // --- a person's review

    @Override
    public ReviewOutcome allocate(BankTransactionId id, List<ManualAllocationLine> lines, String note, String actor) {
        return tx.execute(status -> {
            Optional<ReconStore.Txn> found = store.lockIfExists(id);
            if (found.isEmpty()) {
                return new ReviewOutcome.NotFound("No bank transaction " + id);
            }
            ReconStore.Txn txn = found.get();
            boolean allocatable = txn.kind() == TransactionKind.CREDIT && txn.status() != TransactionStatus.RETURNED;
            String why = txn.kind() != TransactionKind.CREDIT
                    ? "Bank transaction " + id + " is a return, not a payment: it cannot be allocated to invoices."
                    : "Bank transaction " + id + " was returned by the bank: nothing of it can be allocated.";
            // read after the lock: a concurrent allocation has committed by now and its invoice change is visible
            List<InvoiceNumber> numbers = lines.stream().map(ManualAllocationLine::invoiceNumber)
                    .map(n -> n == null ? Optional.<InvoiceNumber>empty() : asNumber(n)).flatMap(Optional::stream).distinct().toList();
            Map<String, OpenItem> invoices = new java.util.HashMap<>();
            for (InvoiceView v : numbers.isEmpty() ? List.<InvoiceView>of() : receivables.findByNumbers(numbers)) {
                boolean payable = v.status() == InvoiceStatus.OPEN || v.status() == InvoiceStatus.PARTIALLY_PAID;
                invoices.put(v.number().value(), new OpenItem(v.id().value(), v.number().value(), v.customer().value(),
                        v.openAmount(), v.dueDate(), payable));
            }
            ManualAllocationPolicy.Decision decision = ManualAllocationPolicy.validate(allocatable, why, txn.unapplied(),
                    lines.stream().map(l -> new ManualAllocationPolicy.Requested(l.invoiceNumber(), l.amount())).toList(), invoices);
            if (decision instanceof ManualAllocationPolicy.Rejected rejected) {
                return new ReviewOutcome.Rejected(rejected.detail());
            }
            ManualAllocationPolicy.Accepted accepted = (ManualAllocationPolicy.Accepted) decision;
            String text = note == null || note.isBlank() ? null : note.strip();
            Money unapplied = txn.unapplied();
            LocalDate valueDate = txn.valueDate() != null ? txn.valueDate() : txn.bookingDate();
            for (MatchDecision.Line line : accepted.lines()) {
                PaymentApplication applied = receivables.applyPayment(new InvoiceId(line.item().invoiceId()), line.amount(),
                        valueDate);
                if (applied.applied().compareTo(line.amount()) != 0) {
                    status.setRollbackOnly();
                    return new ReviewOutcome.Conflict("Invoice " + line.item().invoiceNumber() + " changed meanwhile (only "
                            + applied.applied() + " of " + line.amount() + " could be applied); nothing was allocated, try again.");
                }
                String explanation = "Allocated by a person: " + line.amount() + " to invoice " + line.item().invoiceNumber()
                        + (text == null ? "" : " (" + text + ")");
                AllocationId allocation = store.insertAllocation(txn.id(), applied, ManualAllocationPolicy.RULE_MANUAL, explanation,
                        clock.instant());
                store.insertEvent(allocation, txn.id(), AllocationEventView.Action.CREATED, actor, text, clock.instant());
                unapplied = unapplied.minus(applied.applied());
                events.publishEvent(new PaymentAllocated(allocation, txn.id(), applied.invoice().id(), applied.invoice().number(),
                        applied.invoice().customer(), applied.applied(), txn.valueDate(), ManualAllocationPolicy.RULE_MANUAL));
            }
            TransactionStatus after = unapplied.isZero() ? TransactionStatus.MATCHED : TransactionStatus.PARTIALLY_APPLIED;
            learnPayer(txn, accepted.lines());
            store.markReviewed(txn.id(), unapplied, after, "Allocated by a person" + (text == null ? "" : ": " + text),
                    clock.instant());
            return new ReviewOutcome.Done(store.transaction(txn.id()).orElseThrow());
        });
    }

    /**
     * A person allocated a credit from an IBAN to one customer's invoices: payments from that IBAN are that customer's
     * from now on (rule payer-iban). A credit spread over several customers teaches nothing.
     */
    private void learnPayer(ReconStore.Txn txn, List<MatchDecision.Line> lines) {
        List<String> customers = lines.stream().map(l -> l.item().customerRef()).distinct().toList();
        if (txn.counterpartyIban() != null && !txn.counterpartyIban().isBlank() && customers.size() == 1) {
            store.learnPayer(txn.counterpartyIban(), customers.get(0), LEARNED_FROM_MANUAL_ALLOCATION, clock.instant());
        }
    }

    static final String LEARNED_FROM_MANUAL_ALLOCATION = "manual-allocation";

    @Override
    public ReviewOutcome reverseAllocation(BankTransactionId id, AllocationId allocationId, String reason, String actor) {
        return tx.execute(status -> {
            Optional<ReconStore.Txn> found = store.lockIfExists(id);
            if (found.isEmpty()) {
                return new ReviewOutcome.NotFound("No bank transaction " + id);
            }
            ReconStore.Txn txn = found.get();
            Optional<AllocationView> allocation = store.allocation(id, allocationId);
            if (allocation.isEmpty()) {
                return new ReviewOutcome.NotFound("Bank transaction " + id + " has no allocation " + allocationId);
            }
            AllocationView a = allocation.get();
            if (a.reversedAt() != null) {
                return new ReviewOutcome.Conflict("Allocation " + allocationId + " was already reversed at " + a.reversedAt()
                        + (a.reversalReason() == null ? "" : ": " + a.reversalReason()));
            }
            String why = reason == null || reason.isBlank() ? "Undone by a person" : reason.strip();
            reverse(txn.id(), a, why, actor);
            Money unapplied = txn.unapplied().plus(a.amount());
            TransactionStatus after = unapplied.compareTo(txn.amount()) >= 0 ? TransactionStatus.UNMATCHED
                    : TransactionStatus.PARTIALLY_APPLIED;
            store.markReviewed(txn.id(), unapplied, after, "Allocation to " + a.invoiceNumber() + " undone by a person: " + why,
                    clock.instant());
            return new ReviewOutcome.Done(store.transaction(txn.id()).orElseThrow());
        });
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

    /** What one returned payment of a batch return says, then the entry's additional information. */
    static String remittance(BankEntryView e, TransactionDetail d) {
        List<String> parts = new ArrayList<>();
        if (d.unstructured() != null) {
            parts.addAll(d.unstructured());
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
