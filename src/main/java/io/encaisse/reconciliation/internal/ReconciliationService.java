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
import io.encaisse.invoices.PaymentToApply;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;
import io.encaisse.reconciliation.PayerRuleOutcome;
import io.encaisse.reconciliation.PayerRuleView;
import io.encaisse.reconciliation.internal.domain.PayerReference;
import io.encaisse.reconciliation.internal.domain.ReferenceLearning;
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
    private final jakarta.persistence.EntityManager entities;
    private final ErpPaymentRelay erp;

    ReconciliationService(BankStatements bank, Receivables receivables, ReconStore store, ApplicationEventPublisher events,
            Clock clock, ReconciliationProperties props, PlatformTransactionManager transactions,
            jakarta.persistence.EntityManager entities, ErpPaymentRelay erp) {
        this.tx = new TransactionTemplate(transactions);
        this.entities = entities;
        this.erp = erp;
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

    /** Credits registered and decided per transaction: bounded work per commit, look-ups batched per chunk. */
    static final int CHUNK = 250;

    /**
     * Matches a statement's credits chunk by chunk, each chunk in its own transaction (registered, decided, applied and
     * committed together), then its returns. Not one transaction for the statement: a 100,000-credit statement would
     * hold its locks and its persistence context for minutes. Re-handling the event after a crash skips every credit a
     * committed chunk registered (the registration is keyed by bank entry).
     */
    @Async
    @TransactionalEventListener
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
        java.util.Set<String> commonWords = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<List<BankEntryView>> chunks = new ArrayList<>();
        for (int from = 0; from < credits.size(); from += CHUNK) {
            chunks.add(credits.subList(from, Math.min(credits.size(), from + CHUNK)));
        }
        if (chunks.size() == 1) {
            tx.executeWithoutResult(s -> {
                flushAtCommitOnly();
                applyDecided(decide(store.registerAll(chunks.get(0), imported.account(), clock.instant()), commonWords, Map.of()));
            });
        } else if (chunks.size() > 1) {
            overlapped(chunks, imported.account(), commonWords);
        }
        for (BankEntryView entry : returns) {
            tx.executeWithoutResult(s -> handleReturn(entry, imported.account()));
        }
    }

    /** How long a chunk waits for the one before it (a stuck chunk must fail the statement, not hang it). */
    private static final java.time.Duration CHUNK_WAIT = java.time.Duration.ofMinutes(10);

    /**
     * The chunks of a large statement, two at a time: chunk k+1 registers and decides (look-ups, rules) while chunk k
     * writes and commits, so the matching keeps both the JVM and PostgreSQL busy instead of taking turns. Decisions stay
     * those of one chunk after the other: chunk k+1 starts once chunk k-1 has committed (a pool of two threads, chunks
     * in order), sees what chunk k will leave open on the invoices it settles (ChunkLedger's carried settlements, which
     * win over what it reads while chunk k is uncommitted), and applies only after chunk k committed, each invoice
     * locked and applied under its own rules (never more than is open). Each chunk is still one transaction: if one
     * fails, every later chunk rolls back too and the statement's event stays incomplete, to be handled again.
     */
    private void overlapped(List<List<BankEntryView>> chunks, String account, java.util.Set<String> commonWords) {
        int n = chunks.size();
        List<java.util.concurrent.CompletableFuture<Map<java.util.UUID, OpenItem>>> decided = new ArrayList<>(n);
        List<java.util.concurrent.CompletableFuture<Void>> committed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            decided.add(new java.util.concurrent.CompletableFuture<>());
            committed.add(new java.util.concurrent.CompletableFuture<>());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "recon-chunk");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.execute(() -> {
                    try {
                        Map<java.util.UUID, OpenItem> carried = k == 0 ? Map.of() : await(decided.get(k - 1));
                        tx.executeWithoutResult(s -> {
                            flushAtCommitOnly();
                            Decided d = decide(store.registerAll(chunks.get(k), account, clock.instant()), commonWords, carried);
                            decided.get(k).complete(d == null ? Map.of() : d.settlements());
                            if (k > 0) {
                                await(committed.get(k - 1));
                            }
                            applyDecided(d);
                        });
                        committed.get(k).complete(null);
                    } catch (Throwable t) {
                        decided.get(k).completeExceptionally(t);
                        committed.get(k).completeExceptionally(t);
                    }
                });
            }
            for (int i = 0; i < n; i++) {
                await(committed.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(CHUNK_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException("An earlier chunk failed", cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("An earlier chunk did not finish within " + CHUNK_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an earlier chunk", e);
        }
    }

    /**
     * A chunk applies money to a few hundred invoices in one transaction: with Hibernate's default (flush before every
     * query) each invoice locked or looked up re-checks every invoice loaded before it, a cost that grows with the
     * square of the chunk (measured: most of the matching CPU). Nothing in the chunk reads back what it wrote through
     * a query (invoices it changed are served from the persistence context, our own tables are written by JDBC), so
     * the changes are flushed once, at commit.
     */
    private void flushAtCommitOnly() {
        entities.setFlushMode(jakarta.persistence.FlushModeType.COMMIT);
    }

    private void handleReturn(BankEntryView entry, String account) {
        List<TransactionDetail> parts = returnedPayments(entry);
        if (parts.isEmpty()) {
            TransactionDetail first = entry.details().isEmpty() ? null : entry.details().get(0);
            store.registerReturn(entry, 0, account, entry.amount(), first, remittance(entry), clock.instant())
                    .ifPresent(r -> settleReturn(r, first));
        } else {
            for (int i = 0; i < parts.size(); i++) {
                TransactionDetail d = parts.get(i);
                store.registerReturn(entry, i, account, Money.of(d.amount(), d.currency()), d, remittance(entry, d), clock.instant())
                        .ifPresent(r -> settleReturn(r, d));
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
        erp.reversed(a.id(), txn, a.invoiceId(), a.invoiceNumber(), inv.customer(), a.amount());
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

    /**
     * A chunk of a batch upsert: each invoice as if it came alone, in order, but the waiting payments that mention any of
     * them are looked up in one statement for the chunk (match re-checks each one's status under its lock).
     */
    @ApplicationModuleListener
    void on(io.encaisse.invoices.InvoiceBatchUpserted batch) {
        List<io.encaisse.invoices.InvoiceBatchUpserted.Upserted> open = batch.upserted().stream()
                .filter(u -> u.status() == InvoiceStatus.OPEN || u.status() == InvoiceStatus.PARTIALLY_PAID).toList();
        List<List<ReconStore.Txn>> waiting = store.unmatchedMentioningAny(open.stream().map(u -> u.number().value()).toList(),
                open.stream().map(io.encaisse.invoices.InvoiceBatchUpserted.Upserted::currency).toList());
        waiting.forEach(txns -> txns.forEach(this::match));
    }

    private void match(ReconStore.Txn txn) {
        ReconStore.Txn locked = store.lock(txn.id());
        if (locked.status() != TransactionStatus.UNMATCHED && locked.status() != TransactionStatus.SUGGESTED) {
            return;
        }
        applyDecided(decide(List.of(locked), new java.util.HashSet<>(), Map.of()));
    }

    /**
     * Decides credits together (their look-ups batched in one {@link ChunkLedger}), in order, so a credit sees what
     * an earlier one of the batch will leave open; then applies every allocation of the batch at once
     * ({@link Receivables#applyPayments}: one locking read of the invoices, one write, one event) and writes the
     * outcomes in batches. What is allocated is what the invoices took under their lock: an invoice a concurrent
     * change left with less open than the decision saw takes only that (as when applying one by one). Joins the
     * caller's transaction.
     */
    /** A chunk decided (nothing applied yet); {@code settlements} what it will leave open on the invoices it settles. */
    private record Decided(List<Planned> planned, List<PaymentToApply> toApply, List<PaymentUnmatched> unmatched,
            ReconStore.Outcomes outcomes, Map<java.util.UUID, OpenItem> settlements) {
    }

    private Decided decide(List<ReconStore.Txn> txns, java.util.Set<String> commonWords, Map<java.util.UUID, OpenItem> carried) {
        if (txns.isEmpty()) {
            return null;
        }
        List<Payment> payments = txns.stream().map(ReconciliationService::payment).toList();
        ChunkLedger ledger = new ChunkLedger(receivables, store, payments, commonWords, carried);
        ReconStore.Outcomes outcomes = store.outcomes();
        List<Planned> planned = new ArrayList<>();
        List<PaymentToApply> toApply = new ArrayList<>();
        List<PaymentUnmatched> unmatched = new ArrayList<>();
        for (int i = 0; i < txns.size(); i++) {
            ReconStore.Txn txn = txns.get(i);
            MatchDecision decision = engine.decide(payments.get(i), ledger);
            if (decision instanceof MatchDecision.Allocate allocate) {
                planned.add(new Planned(txn, allocate, toApply.size()));
                LocalDate valueDate = txn.valueDate() != null ? txn.valueDate() : txn.bookingDate();
                for (MatchDecision.Line line : allocate.lines()) {
                    toApply.add(new PaymentToApply(new InvoiceId(line.item().invoiceId()), line.settles(), valueDate));
                    ledger.settled(line.item(), line.settles());
                }
                continue;
            }
            boolean firstTime = txn.reason() == null;
            String reason;
            if (decision instanceof MatchDecision.Suggest suggest) {
                reason = suggest.reason();
                outcomes.suggested(txn.id(), reason, suggest.ranked(), clock.instant());
            } else {
                reason = ((MatchDecision.Review) decision).reason();
                outcomes.unmatched(txn.id(), reason, clock.instant());
            }
            if (firstTime) {
                unmatched.add(new PaymentUnmatched(txn.id(), txn.amount(), txn.valueDate(),
                        txn.counterpartyName(), txn.counterpartyIban(), txn.remittance(), reason, clock.instant()));
            }
        }
        return new Decided(planned, toApply, unmatched, outcomes, ledger.settlements());
    }

    private void applyDecided(Decided d) {
        if (d == null) {
            return;
        }
        if (!d.unmatched().isEmpty()) {
            events.publishEvent(new io.encaisse.reconciliation.PaymentsUnmatched(List.copyOf(d.unmatched())));
        }
        ReconStore.Outcomes outcomes = d.outcomes();
        List<PaymentApplication> applied = receivables.applyPayments(d.toApply());
        for (Planned p : d.planned()) {
            List<PaymentApplication> own = applied.subList(p.from(), p.from() + p.decision().lines().size());
            if (p.decision().fx() != null) {
                applyConverted(p.txn(), p.decision(), own, outcomes);
            } else {
                apply(p.txn(), p.decision(), own, outcomes);
            }
        }
        outcomes.write();
    }

    /** An allocation decided for a credit; its lines' applications start at {@code from} in the batch. */
    private record Planned(ReconStore.Txn txn, MatchDecision.Allocate decision, int from) {
    }

    static Payment payment(ReconStore.Txn txn) {
        return new Payment(txn.amount(), txn.charges(), txn.counterpartyName(), txn.counterpartyIban(), txn.structuredRefs(),
                txn.remittance(), txn.exchange(), txn.paymentIds());
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

    /** Records what the invoices took of a credit's lines ({@code applications}, one per line). */
    private void apply(ReconStore.Txn txn, MatchDecision.Allocate decision, List<PaymentApplication> applications,
            ReconStore.Outcomes outcomes) {
        Money unapplied = txn.amount();
        for (int i = 0; i < decision.lines().size(); i++) {
            MatchDecision.Line line = decision.lines().get(i);
            PaymentApplication applied = applications.get(i);
            if (!applied.applied().isPositive()) {
                continue;
            }
            // the money first; only what the invoice took beyond it is written off
            Money money = applied.applied().min(line.amount());
            Money writeOff = applied.applied().minus(money);
            AllocationId id = outcomes.allocation(txn.id(), applied, money, writeOff, null, decision.rule(), decision.explanation(),
                    clock.instant());
            unapplied = unapplied.minus(money);
            erp.allocated(id, txn, applied.invoice().id(), applied.invoice().number(), applied.invoice().customer(), money);
            events.publishEvent(new PaymentAllocated(id, txn.id(), applied.invoice().id(), applied.invoice().number(),
                    applied.invoice().customer(), money, txn.valueDate(), decision.rule()));
        }
        TransactionStatus status = unapplied.isZero() ? TransactionStatus.MATCHED
                : unapplied.compareTo(txn.amount()) == 0 ? TransactionStatus.UNMATCHED : TransactionStatus.PARTIALLY_APPLIED;
        outcomes.applied(txn.id(), unapplied, status, decision.explanation(), clock.instant());
    }

    /**
     * A payment converted into its invoices' currency: each invoice takes its line in that currency, and the credit's
     * money it used (account currency) is its share of the bank amount (the last invoice takes what is left, so the
     * shares add up to the bank amount exactly).
     */
    private void applyConverted(ReconStore.Txn txn, MatchDecision.Allocate decision, List<PaymentApplication> applications,
            ReconStore.Outcomes outcomes) {
        Money bank = txn.amount();
        Money converted = decision.fx().converted();
        Money unapplied = bank;
        List<MatchDecision.Line> lines = decision.lines();
        for (int i = 0; i < lines.size(); i++) {
            MatchDecision.Line line = lines.get(i);
            PaymentApplication applied = applications.get(i);
            if (!applied.applied().isPositive()) {
                continue;
            }
            Money money = applied.applied().min(line.amount());
            Money writeOff = applied.applied().minus(money);
            boolean last = i == lines.size() - 1 && money.compareTo(line.amount()) == 0;
            Money share = last ? unapplied : Money.of(bank.amount().multiply(money.amount())
                    .divide(converted.amount(), Money.scaleOf(bank.currency()), java.math.RoundingMode.HALF_EVEN), bank.currency())
                    .min(unapplied);
            String explanation = decision.explanation() + "; " + money + " applied for " + share + " of the credit";
            AllocationId id = outcomes.allocation(txn.id(), applied, money, writeOff, share, decision.rule(), explanation,
                    clock.instant());
            unapplied = unapplied.minus(share);
            erp.allocated(id, txn, applied.invoice().id(), applied.invoice().number(), applied.invoice().customer(), money);
            events.publishEvent(new PaymentAllocated(id, txn.id(), applied.invoice().id(), applied.invoice().number(),
                    applied.invoice().customer(), money, txn.valueDate(), decision.rule()));
        }
        TransactionStatus status = unapplied.isZero() ? TransactionStatus.MATCHED
                : unapplied.compareTo(txn.amount()) == 0 ? TransactionStatus.UNMATCHED : TransactionStatus.PARTIALLY_APPLIED;
        outcomes.applied(txn.id(), unapplied, status, decision.explanation(), clock.instant());
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
            Map<String, io.encaisse.reconciliation.internal.domain.Exchange.Converted> fx = new java.util.HashMap<>();
            if (txn.exchange() != null) {
                for (String c : txn.exchange().currenciesOtherThan(txn.amount().currency())) {
                    txn.exchange().convert(txn.amount(), c).ifPresent(x -> fx.put(c, x));
                }
            }
            ManualAllocationPolicy.Decision decision = ManualAllocationPolicy.validate(allocatable, why, txn.unapplied(),
                    lines.stream().map(l -> new ManualAllocationPolicy.Requested(l.invoiceNumber(), l.amount())).toList(), invoices, fx);
            if (decision instanceof ManualAllocationPolicy.Rejected rejected) {
                return new ReviewOutcome.Rejected(rejected.detail());
            }
            ManualAllocationPolicy.Accepted accepted = (ManualAllocationPolicy.Accepted) decision;
            String text = note == null || note.isBlank() ? null : note.strip();
            Money unapplied = txn.unapplied();
            LocalDate valueDate = txn.valueDate() != null ? txn.valueDate() : txn.bookingDate();
            for (int i = 0; i < accepted.lines().size(); i++) {
                MatchDecision.Line line = accepted.lines().get(i);
                Money bankMoney = accepted.bank().get(i);
                boolean converted = !bankMoney.currency().equals(line.amount().currency());
                PaymentApplication applied = receivables.applyPayment(new InvoiceId(line.item().invoiceId()), line.amount(),
                        valueDate);
                if (applied.applied().compareTo(line.amount()) != 0) {
                    status.setRollbackOnly();
                    return new ReviewOutcome.Conflict("Invoice " + line.item().invoiceNumber() + " changed meanwhile (only "
                            + applied.applied() + " of " + line.amount() + " could be applied); nothing was allocated, try again.");
                }
                String explanation = "Allocated by a person: " + line.amount() + " to invoice " + line.item().invoiceNumber()
                        + (converted ? " for " + bankMoney + " of the credit (converted with the entry's exchange details)" : "")
                        + (text == null ? "" : " (" + text + ")");
                AllocationId allocation = store.insertAllocation(txn.id(), applied, applied.applied(),
                        Money.zero(applied.applied().currency()), converted ? bankMoney : null, ManualAllocationPolicy.RULE_MANUAL,
                        explanation, clock.instant());
                store.insertEvent(allocation, txn.id(), AllocationEventView.Action.CREATED, actor, text, clock.instant());
                unapplied = unapplied.minus(bankMoney);
                erp.allocated(allocation, txn, applied.invoice().id(), applied.invoice().number(), applied.invoice().customer(),
                        applied.applied());
                events.publishEvent(new PaymentAllocated(allocation, txn.id(), applied.invoice().id(), applied.invoice().number(),
                        applied.invoice().customer(), applied.applied(), txn.valueDate(), ManualAllocationPolicy.RULE_MANUAL));
            }
            TransactionStatus after = unapplied.isZero() ? TransactionStatus.MATCHED : TransactionStatus.PARTIALLY_APPLIED;
            learnPayer(txn, accepted.lines(), actor);
            store.markReviewed(txn.id(), unapplied, after, "Allocated by a person" + (text == null ? "" : ": " + text),
                    clock.instant());
            return new ReviewOutcome.Done(store.transaction(txn.id()).orElseThrow());
        });
    }

    /**
     * A person allocated a credit from an IBAN to one customer's invoices: proposes the rule "payments from this IBAN are
     * that customer's" for an operator to accept or reject (until then it only helps suggest; see PayerIbanRule). A
     * credit spread over several customers teaches nothing; an IBAN the ERP already gives that customer neither.
     */
    private void learnPayer(ReconStore.Txn txn, List<MatchDecision.Line> lines, String actor) {
        List<String> customers = lines.stream().map(l -> l.item().customerRef()).distinct().toList();
        if (customers.size() == 1) {
            learnReference(txn, lines, customers.get(0), actor);
        }
        String iban = ReturnMatcher.normalizeIban(txn.counterpartyIban());
        if (iban == null || iban.isBlank() || customers.size() != 1) {
            return;
        }
        boolean known = receivables.customersByIbans(List.of(iban)).getOrDefault(iban, List.of()).stream()
                .anyMatch(c -> c.ref().value().equals(customers.get(0)));
        if (!known) {
            store.proposeRule(PayerRuleView.Kind.IBAN, iban, iban, "EXACT", customers.get(0), txn.id(),
                    "Credit " + txn.id() + " from " + iban + (txn.counterpartyName() == null ? "" : " (" + txn.counterpartyName() + ")")
                            + " allocated by a person to customer " + customers.get(0) + "'s invoices",
                    actor, clock.instant());
        }
    }

    /**
     * "This payer writes references like that": the one word of the remittance that looks like the payer's code for the
     * customer (see ReferenceLearning) is proposed as a reference rule for it, for an operator to accept or reject.
     */
    private void learnReference(ReconStore.Txn txn, List<MatchDecision.Line> lines, String customer, String actor) {
        String text = String.join(" ", txn.structuredRefs()) + " " + (txn.remittance() == null ? "" : txn.remittance());
        ReferenceLearning.learn(text, lines.stream().map(l -> l.item().invoiceNumber()).toList(),
                txn.amount().amount().toPlainString()).ifPresent(word -> store.proposeRule(PayerRuleView.Kind.REFERENCE, word,
                        PayerReference.key(word), PayerReference.Match.EXACT.name(), customer, txn.id(),
                        "Credit " + txn.id() + " saying '" + word + "' allocated by a person to customer " + customer + "'s invoices",
                        actor, clock.instant()));
    }

    // --- payer rules

    @Override
    @Transactional(readOnly = true)
    public List<PayerRuleView> payerRules(PayerRuleView.Status status, String customerRef, int limit) {
        return store.payerRules(status, customerRef, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PayerRuleView> payerRule(java.util.UUID id) {
        return store.payerRule(id);
    }

    @Override
    public PayerRuleOutcome configureReference(String customerRef, String value, String match, String note, String actor) {
        PayerReference.Match how;
        try {
            how = PayerReference.Match.valueOf(match == null ? "EXACT" : match);
            new PayerReference(customerRef, value, how, true);
        } catch (IllegalArgumentException invalid) {
            return new PayerRuleOutcome.Rejected("Invalid reference: " + invalid.getMessage());
        }
        try {
            if (receivables.customer(new CustomerRef(customerRef)).isEmpty()) {
                return new PayerRuleOutcome.Rejected("No customer " + customerRef);
            }
        } catch (IllegalArgumentException invalid) {
            return new PayerRuleOutcome.Rejected(invalid.getMessage());
        }
        String text = value.strip();
        String key = how == PayerReference.Match.REGEX ? null : PayerReference.key(text);
        String why = note == null || note.isBlank() ? null : note.strip();
        return tx.execute(s -> {
            Map.Entry<java.util.UUID, Boolean> saved = store.configureRule(PayerRuleView.Kind.REFERENCE, text, key, how.name(),
                    customerRef, why, actor, clock.instant());
            return new PayerRuleOutcome.Done(store.payerRule(saved.getKey()).orElseThrow(), saved.getValue());
        });
    }

    @Override
    public PayerRuleOutcome acceptRule(java.util.UUID id, String reason, String actor) {
        return decideRule(id, PayerRuleView.Status.ACCEPTED, reason, actor);
    }

    @Override
    public PayerRuleOutcome rejectRule(java.util.UUID id, String reason, String actor) {
        return decideRule(id, PayerRuleView.Status.REJECTED, reason, actor);
    }

    private PayerRuleOutcome decideRule(java.util.UUID id, PayerRuleView.Status to, String reason, String actor) {
        return tx.execute(s -> {
            Optional<PayerRuleView> rule = store.lockPayerRule(id);
            if (rule.isEmpty()) {
                return new PayerRuleOutcome.NotFound("No payer rule " + id);
            }
            if (rule.get().status() == to) {
                return new PayerRuleOutcome.Conflict("Payer rule " + id + " is already " + to + " (by " + rule.get().decidedBy()
                        + " at " + rule.get().decidedAt() + ")");
            }
            store.decideRule(id, to, reason == null || reason.isBlank() ? null : reason.strip(), actor, clock.instant());
            return new PayerRuleOutcome.Done(store.payerRule(id).orElseThrow(), false);
        });
    }

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
            Money unapplied = txn.unapplied().plus(a.bankAmount());
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
