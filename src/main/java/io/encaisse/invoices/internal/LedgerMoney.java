package io.encaisse.invoices.internal;

import io.encaisse.invoices.CreditNoteData;
import io.encaisse.invoices.CreditNoteNumber;
import io.encaisse.invoices.CreditNoteView;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerPositionChanged;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.ErpPaymentData;
import io.encaisse.invoices.ErpPaymentId;
import io.encaisse.invoices.ErpPaymentView;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePartiallyPaid;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceUpserted;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.UnknownCustomerException;
import io.encaisse.invoices.UnknownInvoiceException;
import io.encaisse.invoices.UpsertResult;
import io.encaisse.invoices.UpsertResult.Outcome;
import io.encaisse.invoices.internal.domain.InvoiceState;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The parts of an invoice's open amount that do not come from the hub's bank allocations: credit notes, payments the
 * ERP booked itself, and the ERP's acknowledgement of the hub's own applications (see {@link InvoiceState}). Each
 * change locks the invoice, recomputes its state and publishes what changed.
 */
@Service
public class LedgerMoney {

    private final InvoiceRepository invoices;
    private final CustomerRepository customers;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final java.time.Clock clock;

    LedgerMoney(InvoiceRepository invoices, CustomerRepository customers, JdbcTemplate jdbc, ApplicationEventPublisher events,
            java.time.Clock clock) {
        this.invoices = invoices;
        this.customers = customers;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    // --- credit notes

    @Transactional
    public UpsertResult<CreditNoteView> upsertCreditNote(CreditNoteNumber number, CreditNoteData data) {
        CustomerEntity customer = customers.findByCustomerRef(data.customer().value())
                .orElseThrow(() -> new UnknownCustomerException(data.customer()));
        if (data.amount().isNegative()) {
            throw new IllegalArgumentException("A credit note's amount must not be negative: " + data.amount());
        }
        if (data.issueDate() == null) {
            throw new IllegalArgumentException("issueDate is missing");
        }
        Optional<CreditNoteRow> before = creditNoteRow(number.value(), true);
        String credited = data.creditedInvoice() == null ? null : data.creditedInvoice().value();
        CreditNoteRow after = new CreditNoteRow(before.map(CreditNoteRow::id).orElseGet(UUID::randomUUID), number.value(),
                customer.id, data.issueDate(), data.amount().currency(), data.amount().amount(), credited, data.cancelled());
        if (before.isPresent() && before.get().sameAs(after)) {
            return new UpsertResult<>(creditNoteView(before.get()), Outcome.UNCHANGED);
        }
        Instant now = clock.instant();
        if (before.isEmpty()) {
            jdbc.update("""
                    insert into credit_note (id, credit_note_number, customer_id, issue_date, currency, amount,
                        credited_invoice_number, cancelled, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    after.id(), after.number(), after.customerId(), Date.valueOf(after.issueDate()), after.currency(),
                    after.amount(), credited, after.cancelled(), Timestamp.from(now), Timestamp.from(now));
        } else {
            jdbc.update("""
                    update credit_note set customer_id = ?, issue_date = ?, currency = ?, amount = ?, credited_invoice_number = ?,
                        cancelled = ?, updated_at = ? where id = ?""",
                    after.customerId(), Date.valueOf(after.issueDate()), after.currency(), after.amount(), credited,
                    after.cancelled(), Timestamp.from(now), after.id());
        }
        Set<String> touched = new LinkedHashSet<>();
        before.map(CreditNoteRow::creditedInvoice).ifPresent(touched::add);
        if (credited != null) {
            touched.add(credited);
        }
        Set<UUID> customersChanged = new LinkedHashSet<>();
        customersChanged.add(customer.id);
        before.ifPresent(b -> customersChanged.add(b.customerId()));
        for (String invoiceNumber : touched) {
            invoices.findByInvoiceNumber(invoiceNumber).flatMap(i -> invoices.lockById(i.id)).ifPresent(e -> {
                InvoiceState was = ReceivablesService.state(e);
                InvoiceState now2 = was.withCreditNoted(creditNoted(e.invoiceNumber, e.currency));
                if (!now2.equals(was)) {
                    ReceivablesService.write(e, now2);
                    e.updatedAt = now;
                    InvoiceView view = ReceivablesService.toView(e, refOf(e.customerId));
                    events.publishEvent(new InvoiceUpserted(view.id(), view.number(), view.customerId(), view.customer(),
                            view.amount(), view.openAmount(), view.dueDate(), view.status(), false));
                    customersChanged.add(e.customerId);
                }
            });
        }
        customersChanged.forEach(id -> events.publishEvent(new CustomerPositionChanged(new CustomerId(id), new CustomerRef(refOf(id)))));
        return new UpsertResult<>(creditNoteView(after), before.isEmpty() ? Outcome.CREATED : Outcome.UPDATED);
    }

    @Transactional(readOnly = true)
    public Optional<CreditNoteView> creditNote(CreditNoteNumber number) {
        return creditNoteRow(number.value(), false).map(this::creditNoteView);
    }

    /** The credit notes (not cancelled) that credit each of these invoice numbers, keyed by "number currency". */
    Map<String, BigDecimal> creditNotedFor(Collection<String> invoiceNumbers) {
        Map<String, BigDecimal> out = new HashMap<>();
        if (invoiceNumbers.isEmpty()) {
            return out;
        }
        jdbc.query("""
                select credited_invoice_number, currency, sum(amount) from credit_note
                where credited_invoice_number = any (?) and not cancelled group by credited_invoice_number, currency""",
                rs -> {
                    out.put(rs.getString(1) + " " + rs.getString(2), rs.getBigDecimal(3));
                }, (Object) invoiceNumbers.toArray(String[]::new));
        return out;
    }

    static Money creditFrom(Map<String, BigDecimal> credits, String invoiceNumber, String currency) {
        BigDecimal sum = credits.get(invoiceNumber + " " + currency);
        return sum == null ? Money.zero(currency) : Money.of(sum, currency);
    }

    private Money creditNoted(String invoiceNumber, String currency) {
        return creditFrom(creditNotedFor(List.of(invoiceNumber)), invoiceNumber, currency);
    }

    /**
     * Customer credit: credit notes crediting no invoice in the ledger (none named, or not arrived yet, or in another
     * currency), plus what the invoices they credit cannot absorb.
     */
    Money unappliedCredit(UUID customerId, String currency, Collection<InvoiceEntity> ofCustomer) {
        BigDecimal loose = jdbc.queryForObject("""
                select coalesce(sum(c.amount), 0) from credit_note c
                where c.customer_id = ? and c.currency = ? and not c.cancelled
                  and (c.credited_invoice_number is null or not exists (select 1 from invoice i
                       where i.invoice_number = c.credited_invoice_number and i.currency = c.currency))""",
                BigDecimal.class, customerId, currency);
        Money credit = Money.of(loose, currency);
        for (InvoiceEntity e : ofCustomer) {
            if (e.currency.equals(currency) && e.creditNoted.signum() > 0) {
                credit = credit.plus(ReceivablesService.state(e).unappliedCredit());
            }
        }
        return credit;
    }

    private record CreditNoteRow(UUID id, String number, UUID customerId, LocalDate issueDate, String currency, BigDecimal amount,
            String creditedInvoice, boolean cancelled, Instant updatedAt) {
        CreditNoteRow(UUID id, String number, UUID customerId, LocalDate issueDate, String currency, BigDecimal amount,
                String creditedInvoice, boolean cancelled) {
            this(id, number, customerId, issueDate, currency, amount, creditedInvoice, cancelled, null);
        }

        boolean sameAs(CreditNoteRow o) {
            return customerId.equals(o.customerId) && issueDate.equals(o.issueDate) && currency.equals(o.currency)
                    && amount.compareTo(o.amount) == 0 && Objects.equals(creditedInvoice, o.creditedInvoice)
                    && cancelled == o.cancelled;
        }
    }

    private Optional<CreditNoteRow> creditNoteRow(String number, boolean lock) {
        return jdbc.query("select * from credit_note where credit_note_number = ?" + (lock ? " for update" : ""),
                (rs, i) -> new CreditNoteRow(rs.getObject("id", UUID.class), rs.getString("credit_note_number"),
                        rs.getObject("customer_id", UUID.class), rs.getDate("issue_date").toLocalDate(), rs.getString("currency"),
                        rs.getBigDecimal("amount"), rs.getString("credited_invoice_number"), rs.getBoolean("cancelled"),
                        rs.getTimestamp("updated_at") == null ? null : rs.getTimestamp("updated_at").toInstant()),
                number).stream().findFirst();
    }

    private CreditNoteView creditNoteView(CreditNoteRow r) {
        boolean known = r.creditedInvoice() != null && invoices.findByInvoiceNumber(r.creditedInvoice())
                .filter(i -> i.currency.equals(r.currency())).isPresent();
        return new CreditNoteView(new CreditNoteNumber(r.number()), new CustomerRef(refOf(r.customerId())), r.issueDate(),
                Money.of(r.amount(), r.currency()), r.creditedInvoice() == null ? null : new InvoiceNumber(r.creditedInvoice()),
                known, r.cancelled(), r.updatedAt() == null ? clock.instant() : r.updatedAt());
    }

    // --- payments the ERP booked itself

    @Transactional
    public UpsertResult<ErpPaymentView> recordErpPayment(ErpPaymentId id, ErpPaymentData data) {
        if (!data.amount().isPositive()) {
            throw new IllegalArgumentException("An ERP payment's amount must be positive: " + data.amount());
        }
        InvoiceEntity target = invoices.findByInvoiceNumber(data.invoice().value())
                .orElseThrow(() -> new UnknownInvoiceException(data.invoice()));
        if (!target.currency.equals(data.amount().currency())) {
            throw new IllegalArgumentException("Payment currency " + data.amount().currency() + " differs from invoice "
                    + data.invoice() + "'s " + target.currency);
        }
        // the echo of an application the hub posted itself is the hub's allocation, already counted
        boolean hubOwn = Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from erp_payment_application where erp_id = ? and direction = 'APPLY')""",
                Boolean.class, id.value()));
        List<Object[]> existing = jdbc.query("select invoice_id, amount, payment_date, method, cancelled from erp_side_payment "
                + "where erp_payment_id = ? for update", (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getBigDecimal(2),
                rs.getDate(3).toLocalDate(), rs.getString(4), rs.getBoolean(5)}, id.value());
        Instant now = clock.instant();
        if (hubOwn) {
            return new UpsertResult<>(new ErpPaymentView(id, data.invoice(), data.amount(), data.paymentDate(), data.method(),
                    data.cancelled(), true, ReceivablesService.toView(target, refOf(target.customerId))), Outcome.UNCHANGED);
        }
        Set<UUID> touched = new LinkedHashSet<>();
        Outcome outcome;
        if (existing.isEmpty()) {
            jdbc.update("""
                    insert into erp_side_payment (id, erp_payment_id, invoice_id, currency, amount, payment_date, method, cancelled,
                        created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    UUID.randomUUID(), id.value(), target.id, data.amount().currency(), data.amount().amount(),
                    Date.valueOf(data.paymentDate()), data.method(), data.cancelled(), Timestamp.from(now), Timestamp.from(now));
            outcome = Outcome.CREATED;
        } else {
            Object[] was = existing.get(0);
            boolean same = was[0].equals(target.id) && ((BigDecimal) was[1]).compareTo(data.amount().amount()) == 0
                    && was[2].equals(data.paymentDate()) && Objects.equals(was[3], data.method()) && (boolean) was[4] == data.cancelled();
            if (same) {
                return new UpsertResult<>(erpPaymentView(id, data, target), Outcome.UNCHANGED);
            }
            jdbc.update("""
                    update erp_side_payment set invoice_id = ?, currency = ?, amount = ?, payment_date = ?, method = ?, cancelled = ?,
                        updated_at = ? where erp_payment_id = ?""",
                    target.id, data.amount().currency(), data.amount().amount(), Date.valueOf(data.paymentDate()), data.method(),
                    data.cancelled(), Timestamp.from(now), id.value());
            touched.add((UUID) was[0]);
            outcome = Outcome.UPDATED;
        }
        touched.add(target.id);
        InvoiceEntity after = target;
        for (UUID invoiceId : touched) {
            InvoiceEntity e = invoices.lockById(invoiceId).orElseThrow();
            InvoiceState was = ReceivablesService.state(e);
            Object[] totals = jdbc.queryForObject("""
                    select coalesce(sum(amount), 0), max(payment_date) from erp_side_payment where invoice_id = ? and not cancelled""",
                    (rs, i) -> new Object[] {rs.getBigDecimal(1), rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate()}, invoiceId);
            InvoiceState now2 = was.withErpPayments(Money.of((BigDecimal) totals[0], e.currency), (LocalDate) totals[1]);
            changed(e, was, now2, data.paymentDate(), true);
            if (invoiceId.equals(target.id)) {
                after = e;
            }
        }
        return new UpsertResult<>(erpPaymentView(id, data, after), outcome);
    }

    private ErpPaymentView erpPaymentView(ErpPaymentId id, ErpPaymentData data, InvoiceEntity invoice) {
        return new ErpPaymentView(id, data.invoice(), data.amount(), data.paymentDate(), data.method(), data.cancelled(), false,
                ReceivablesService.toView(invoice, refOf(invoice.customerId)));
    }

    // --- the ERP acknowledged the hub's own applications

    /** The ERP booked (positive) or undid (negative) {@code change} of the hub's applications on the invoice. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void erpBooked(UUID invoiceId, Money change) {
        InvoiceEntity e = invoices.lockById(invoiceId).orElseThrow(() -> new IllegalArgumentException("No invoice " + invoiceId));
        InvoiceState was = ReceivablesService.state(e);
        changed(e, was, was.erpBooked(change), null, false);
    }

    /** Writes the new state and publishes what changed: a payment's events when one lowered the open amount. */
    private void changed(InvoiceEntity e, InvoiceState was, InvoiceState now, LocalDate paidOn, boolean payment) {
        if (now.equals(was)) {
            return;
        }
        ReceivablesService.write(e, now);
        e.updatedAt = clock.instant();
        InvoiceView view = ReceivablesService.toView(e, refOf(e.customerId));
        int moved = now.openAmount().compareTo(was.openAmount());
        if (moved < 0 && payment) {
            if (view.status() == InvoiceStatus.PAID) {
                events.publishEvent(new InvoicePaid(view.id(), view.number(), view.customerId(), view.customer(), view.amount(),
                        paidOn, clock.instant()));
            } else {
                events.publishEvent(new InvoicePartiallyPaid(view.id(), view.number(), view.customerId(), view.customer(),
                        view.amount(), view.openAmount(), paidOn, clock.instant()));
            }
        } else if (moved > 0) {
            // open again: waiting bank payments may match it now
            events.publishEvent(new InvoiceUpserted(view.id(), view.number(), view.customerId(), view.customer(), view.amount(),
                    view.openAmount(), view.dueDate(), view.status(), false));
        }
        if (moved != 0) {
            events.publishEvent(new CustomerPositionChanged(view.customerId(), view.customer()));
        }
    }

    private String refOf(UUID customerId) {
        return customers.findById(customerId).map(c -> c.customerRef).orElseThrow();
    }
}
