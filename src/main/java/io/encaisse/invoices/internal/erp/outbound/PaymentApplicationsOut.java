package io.encaisse.invoices.internal.erp.outbound;

import io.encaisse.invoices.ErpPaymentsOut;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.PaymentApplicationStatus;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.invoices.PaymentPosting;
import io.encaisse.invoices.internal.LedgerMoney;
import io.encaisse.invoices.internal.domain.DeliverySchedule;
import io.encaisse.invoices.internal.erp.outbound.PaymentApplicationStore.Row;
import io.encaisse.shared.PermanentFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment applications to the ERP: recorded with the allocation's event (outbox row, idempotent on allocation and
 * direction), sent by route invoices.erp-payments-out (bean {@code erpPaymentsOut}: {@link #claimDue} then
 * {@link #send} each). A SENT application tells the ledger the ERP now counts it ({@link LedgerMoney#erpBooked}), in
 * the same transaction as its status.
 * <p>
 * Outcomes: SENT; ERP unavailable -> stays PENDING with attempts and the next attempt per the retry schedule, FAILED
 * once the schedule is used up; refused -> FAILED with the reason. A FAILED one is also thrown as a
 * {@link PermanentFailure}, so the shared error handling writes its dead-letter record.
 */
public class PaymentApplicationsOut implements ErpPaymentsOut {

    private static final Logger log = LoggerFactory.getLogger(PaymentApplicationsOut.class);
    /** A reversal whose APPLY is in flight waits this long before looking again. */
    static final Duration WAIT_FOR_APPLY = Duration.ofSeconds(5);

    private final PaymentApplicationStore store;
    private final PaymentConnector connector;
    private final LedgerMoney ledger;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ErpProperties.PaymentsOut config;
    private final DeliverySchedule schedule;

    public PaymentApplicationsOut(PaymentApplicationStore store, PaymentConnector connector, LedgerMoney ledger, Clock clock,
            TransactionTemplate tx, ErpProperties.PaymentsOut config) {
        this.store = store;
        this.connector = connector;
        this.ledger = ledger;
        this.clock = clock;
        this.tx = tx;
        this.config = config;
        this.schedule = new DeliverySchedule(config.retrySchedule());
    }

    private boolean enabled() {
        return connector != null;
    }

    @Override
    @Transactional
    public void allocated(PaymentPosting posting) {
        if (enabled()) {
            store.insert(posting, PaymentApplicationStore.APPLY, connector.name(), PaymentApplicationStatus.PENDING, null,
                    clock.instant());
        }
    }

    @Override
    @Transactional
    public void reversed(PaymentPosting posting) {
        if (!enabled()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Row> apply = store.find(posting.allocationId(), PaymentApplicationStore.APPLY, true);
        if (apply.isEmpty()) {
            return; // made while no connector received payments: the ERP never heard of it
        }
        PaymentApplicationView a = apply.get().view();
        boolean neverTried = a.status() == PaymentApplicationStatus.PENDING && a.attempts() == 0
                && (a.nextAttemptAt() == null || !a.nextAttemptAt().isAfter(now));
        if (neverTried) {
            store.markSkipped(a.id(), "Undone before it was sent", now);
            store.insert(posting, PaymentApplicationStore.REVERSE, connector.name(), PaymentApplicationStatus.SKIPPED,
                    "Its application was never sent", now);
        } else if (a.status() == PaymentApplicationStatus.FAILED || a.status() == PaymentApplicationStatus.SKIPPED) {
            store.insert(posting, PaymentApplicationStore.REVERSE, connector.name(), PaymentApplicationStatus.SKIPPED,
                    "Its application was never booked in the ERP (" + a.status() + ")", now);
        } else {
            store.insert(posting, PaymentApplicationStore.REVERSE, connector.name(), PaymentApplicationStatus.PENDING, null, now);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<PaymentApplicationView> applications(PaymentApplicationStatus status, int limit, UUID before) {
        return store.list(status, limit, before).stream().map(Row::view).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<PaymentApplicationView> applicationsOf(java.util.Collection<UUID> allocationIds) {
        return allocationIds.isEmpty() ? List.of() : store.ofAllocations(allocationIds).stream().map(Row::view).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PaymentApplicationView> application(UUID id) {
        return store.find(id, false).map(Row::view);
    }

    @Override
    @Transactional
    public RetryOutcome retry(UUID id) {
        Optional<Row> found = store.find(id, true);
        if (found.isEmpty()) {
            return new RetryOutcome.NotFound("No payment application " + id);
        }
        PaymentApplicationView a = found.get().view();
        if (a.status() != PaymentApplicationStatus.FAILED) {
            return new RetryOutcome.Refused("Payment application " + id + " is " + a.status() + ": only a FAILED one is sent again");
        }
        if (PaymentApplicationStore.APPLY.equals(a.direction())
                && store.find(a.allocationId(), PaymentApplicationStore.REVERSE, false).isPresent()) {
            return new RetryOutcome.Refused("The allocation of payment application " + id + " was undone since: it is not sent");
        }
        store.requeue(id, clock.instant());
        return new RetryOutcome.Queued(store.find(id, false).orElseThrow().view());
    }

    // --- route invoices.erp-payments-out

    /** The ids of the applications due now, claimed for this sender. */
    public List<UUID> claimDue() {
        if (!enabled()) {
            return List.of();
        }
        Instant now = clock.instant();
        return tx.execute(s -> store.claimDue(now, now.plus(config.lease()), config.batchSize())).stream()
                .map(r -> r.view().id()).toList();
    }

    /** Sends one claimed application. */
    public void send(UUID id) {
        Row row = store.find(id, false).orElseThrow(() -> new IllegalStateException("No payment application " + id));
        PaymentApplicationView a = row.view();
        if (a.status() != PaymentApplicationStatus.PENDING) {
            return;
        }
        ConnectorResult result;
        PaymentApplicationView applied = null;
        if (PaymentApplicationStore.REVERSE.equals(a.direction())) {
            applied = store.find(a.allocationId(), PaymentApplicationStore.APPLY, false).map(Row::view).orElse(null);
            if (applied == null || applied.status() != PaymentApplicationStatus.SENT) {
                if (applied != null && applied.status() == PaymentApplicationStatus.PENDING) {
                    Instant now = clock.instant();
                    store.reschedule(id, a.attempts(), now.plus(WAIT_FOR_APPLY), "Waiting for its application to be sent", now);
                    return;
                }
                store.markSkipped(id, "Its application was never booked in the ERP", clock.instant());
                return;
            }
        }
        try {
            result = applied == null ? connector.apply(a) : connector.reverse(a, applied);
        } catch (RuntimeException bug) {
            // a connector reports outcomes as values; anything else is a defect, kept as a transient failure for a person
            result = new ConnectorResult.Unavailable("Unexpected " + bug.getClass().getSimpleName() + ": " + bug.getMessage());
        }
        outcome(row, result);
    }

    private void outcome(Row row, ConnectorResult result) {
        PaymentApplicationView a = row.view();
        Instant now = clock.instant();
        int attempts = a.attempts() + 1;
        if (result instanceof ConnectorResult.Sent sent) {
                tx.executeWithoutResult(s -> {
                    store.markSent(a.id(), sent.erpId(), now);
                    ledger.erpBooked(row.invoiceId(), PaymentApplicationStore.APPLY.equals(a.direction()) ? a.amount()
                            : io.encaisse.shared.Money.zero(a.amount().currency()).minus(a.amount()));
                });
                log.info("Payment application {} {} of {} on invoice {} sent to {} (ERP id {})", a.id(), a.direction(), a.amount(),
                        a.invoiceNumber(), connector.name(), sent.erpId());
        } else if (result instanceof ConnectorResult.Refused refused) {
                store.markFailed(a.id(), attempts, refused.reason(), now);
                throw new PermanentFailure("Payment application " + a.id() + " (" + a.direction() + " " + a.amount() + " on invoice "
                        + a.invoiceNumber() + ", allocation " + a.allocationId() + ") refused by " + connector.name() + ": "
                        + refused.reason());
        } else if (result instanceof ConnectorResult.Unavailable down) {
                Optional<Instant> next = schedule.nextAttempt(attempts, now);
                if (next.isPresent()) {
                    store.reschedule(a.id(), attempts, next.get(), down.reason(), now);
                    log.warn("Payment application {} not sent to {} (attempt {}), next attempt at {}: {}", a.id(), connector.name(),
                            attempts, next.get(), down.reason());
                } else {
                    String reason = "Gave up after " + attempts + " attempts: " + down.reason();
                    store.markFailed(a.id(), attempts, reason, now);
                    throw new PermanentFailure("Payment application " + a.id() + " (allocation " + a.allocationId() + ") to "
                            + connector.name() + ": " + reason);
                }
        }
    }
}
