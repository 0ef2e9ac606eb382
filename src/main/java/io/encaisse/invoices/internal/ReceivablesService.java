package io.encaisse.invoices.internal;

import io.encaisse.invoices.Address;
import io.encaisse.invoices.ConsolidatedPosition;
import io.encaisse.invoices.Contact;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.PaymentTerms;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerPositionChanged;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePartiallyPaid;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceUpserted;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.PaymentApplication;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.SalesRep;
import io.encaisse.invoices.UnknownCustomerException;
import io.encaisse.invoices.UpsertResult;
import io.encaisse.invoices.UpsertResult.Outcome;
import io.encaisse.invoices.internal.domain.InvoiceState;
import io.encaisse.invoices.internal.domain.PositionCalculator;
import io.encaisse.shared.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import io.encaisse.invoices.BatchResult;
import io.encaisse.invoices.InvoiceUpsert;
import io.encaisse.invoices.CreditNoteData;
import io.encaisse.invoices.CreditNoteNumber;
import io.encaisse.invoices.CreditNoteView;
import io.encaisse.invoices.ErpPaymentData;
import io.encaisse.invoices.ErpPaymentId;
import io.encaisse.invoices.ErpPaymentView;

@Service
class ReceivablesService implements Receivables {

    private final CustomerRepository customers;
    private final InvoiceRepository invoices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final LedgerMoney money;
    private final InvoiceBatchStore batchStore;
    private final PaymentBatchStore paymentStore;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReceivablesService.class);

    /** Records per transaction in a batch upsert. */
    static final int BATCH_CHUNK = 5000;

    /** No connector posts the hub's payments: the ERP books the same bank payments itself (InvoiceState.bookedByErpItself). */
    private final boolean erpBooksHubPayments;

    ReceivablesService(CustomerRepository customers, InvoiceRepository invoices, ApplicationEventPublisher events, Clock clock,
            TransactionTemplate tx, LedgerMoney money, InvoiceBatchStore batchStore, PaymentBatchStore paymentStore,
            ErpProperties erp) {
        this.money = money;
        this.erpBooksHubPayments = erp.paymentsOut().connector() == ErpProperties.PaymentsOut.Connector.NONE;
        this.paymentStore = paymentStore;
        this.customers = customers;
        this.invoices = invoices;
        this.batchStore = batchStore;
        this.events = events;
        this.clock = clock;
        this.tx = tx;
    }

    @Override
    @Transactional
    public UpsertResult<CustomerView> upsertCustomer(CustomerRef ref, CustomerData data) {
        Optional<CustomerEntity> existing = customers.findByCustomerRef(ref.value());
        CustomerEntity e = existing.orElseGet(CustomerEntity::new);
        boolean created = existing.isEmpty();
        CustomerView before = created ? null : toView(e);
        Instant now = clock.instant();
        if (created) {
            e.id = UUID.randomUUID();
            e.customerRef = ref.value();
            e.createdAt = now;
        }
        e.name = data.name();
        e.billingEmail = data.billingEmail();
        e.language = data.language() == null ? "en" : data.language();
        e.currency = data.currency();
        e.creditLimit = data.creditLimit() == null ? null : data.creditLimit().amount();
        e.creditLimitCurrency = data.creditLimit() == null ? null : data.creditLimit().currency();
        e.salesRepName = data.salesRep() == null ? null : data.salesRep().name();
        e.salesRepEmail = data.salesRep() == null ? null : data.salesRep().email();
        Address address = data.billingAddress() == null || data.billingAddress().hasNoValue() ? null : data.billingAddress();
        e.billingAddressLines = address == null || address.lines().isEmpty() ? null : String.join("\n", address.lines());
        e.billingPostcode = address == null ? null : address.postcode();
        e.billingCity = address == null ? null : address.city();
        e.billingCountry = address == null || address.country() == null ? null : address.country().toUpperCase(java.util.Locale.ROOT);
        Contact billing = data.billingContact() == null || data.billingContact().hasNoValue() ? null : data.billingContact();
        e.billingContactName = billing == null ? null : billing.name();
        e.billingContactEmail = billing == null ? null : billing.email();
        e.billingContactPhone = billing == null ? null : billing.phone();
        e.billingContactRole = billing == null ? null : billing.role();
        Contact dunning = data.dunningContact() == null || data.dunningContact().hasNoValue() ? null : data.dunningContact();
        e.dunningContactName = dunning == null ? null : dunning.name();
        e.dunningContactEmail = dunning == null ? null : dunning.email();
        e.dunningContactPhone = dunning == null ? null : dunning.phone();
        e.dunningContactRole = dunning == null ? null : dunning.role();
        e.segment = data.segment();
        if (data.parent() != null && data.parent().equals(ref)) {
            throw new IllegalArgumentException("A customer cannot be its own parent (" + ref.value() + ")");
        }
        e.parentRef = data.parent() == null ? null : data.parent().value();
        PaymentTerms terms = terms(data.paymentTerms());
        e.paymentTermsCode = terms == null ? null : terms.code();
        e.paymentTermsLabel = terms == null ? null : terms.label();
        e.paymentTermsDays = terms == null ? null : terms.days();
        List<String> ibans = data.ibans() == null ? List.of() : data.ibans().stream().map(ReceivablesService::normaliseIban).distinct().toList();
        e.ibans.clear();
        e.ibans.addAll(ibans);
        if (!created && sameMasterData(before, toView(e))) {
            return new UpsertResult<>(before, Outcome.UNCHANGED);
        }
        e.updatedAt = now;
        customers.save(e);
        CustomerView view = toView(e);
        events.publishEvent(new CustomerPositionChanged(view.id(), view.ref()));
        return new UpsertResult<>(view, created ? Outcome.CREATED : Outcome.UPDATED);
    }

    @Override
    @Transactional
    public UpsertResult<InvoiceView> upsertInvoice(InvoiceNumber number, InvoiceData data) {
        CustomerEntity customer = customers.findByCustomerRef(data.customer().value())
                .orElseThrow(() -> new UnknownCustomerException(data.customer()));
        InvoiceEntity existing = invoices.findByInvoiceNumber(number.value()).orElse(null);
        Applied applied = apply(number, data, customer, existing,
                existing == null ? money.creditNotedFor(List.of(number.value())) : Map.of());
        if (applied.outcome() == Outcome.UNCHANGED) {
            return new UpsertResult<>(toView(applied.entity(), customer.customerRef), Outcome.UNCHANGED);
        }
        invoices.save(applied.entity());
        InvoiceView view = toView(applied.entity(), customer.customerRef);
        publishUpserted(view, applied, new java.util.HashSet<>());
        return new UpsertResult<>(view, applied.outcome());
    }

    @Override
    public BatchResult upsertInvoices(List<InvoiceUpsert> records) {
        List<BatchResult.Item> items = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += BATCH_CHUNK) {
            List<InvoiceUpsert> chunk = records.subList(from, Math.min(records.size(), from + BATCH_CHUNK));
            try {
                items.addAll(upsertChunkRetryingConflicts(chunk));
            } catch (RuntimeException chunkFailed) {
                // a record the database refused sank its chunk: redo it record by record to isolate that one
                for (InvoiceUpsert record : chunk) {
                    try {
                        items.addAll(tx.execute(s -> upsertChunk(List.of(record))));
                    } catch (RuntimeException recordFailed) {
                        items.add(new BatchResult.Item(record.index(), record.invoiceNumber(), BatchResult.Outcome.REJECTED,
                                "Not stored: " + rootMessage(recordFailed)));
                    }
                }
            }
        }
        return new BatchResult(items);
    }

    /** Attempts of a chunk that lost a race with a concurrent batch before it is split record by record. */
    private static final int CONCURRENT_ATTEMPTS = 4;

    /**
     * A concurrent batch holding the same invoices (a unique number it inserted first, a version it bumped, a deadlock
     * PostgreSQL broke) rolls the whole chunk back, events included; run again, it reads what the other committed and
     * applies on top of it (so nothing is created twice nor lost). Other refusals propagate to the record-by-record path.
     */
    private List<BatchResult.Item> upsertChunkRetryingConflicts(List<InvoiceUpsert> chunk) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> upsertChunk(chunk));
            } catch (org.springframework.dao.DuplicateKeyException | org.springframework.dao.ConcurrencyFailureException lost) {
                if (attempt >= CONCURRENT_ATTEMPTS) {
                    throw lost;
                }
                log.info("A batch chunk of {} invoices lost a race with a concurrent batch (attempt {}), applying it again: {}",
                        chunk.size(), attempt, lost.getMostSpecificCause().getMessage());
            }
        }
    }

    /**
     * One transaction: the chunk's customers and existing invoices are read in one query each, records are checked in
     * memory (so a rejected one never poisons the transaction), then new and changed invoices are written in one statement
     * each (InvoiceBatchStore), and the events of what changed are published.
     */
    private List<BatchResult.Item> upsertChunk(List<InvoiceUpsert> chunk) {
        List<String> refs = chunk.stream().filter(r -> r.data() != null).map(r -> r.data().customer().value()).distinct().toList();
        Map<String, CustomerEntity> customerByRef = batchStore.customersByRef(refs);
        List<String> numbers = chunk.stream().map(InvoiceUpsert::invoiceNumber).filter(Objects::nonNull).distinct().toList();
        Map<String, InvoiceEntity> existing = batchStore.invoicesByNumber(numbers);
        Map<String, java.math.BigDecimal> credits = money.creditNotedFor(
                numbers.stream().filter(n -> !existing.containsKey(n)).toList());

        List<BatchResult.Item> items = new ArrayList<>(chunk.size());
        java.util.LinkedHashMap<String, InvoiceEntity> toCreate = new java.util.LinkedHashMap<>();
        java.util.LinkedHashMap<String, InvoiceEntity> toUpdate = new java.util.LinkedHashMap<>();
        List<Runnable> events = new ArrayList<>();
        List<Object> batched = new ArrayList<>();
        java.util.Set<UUID> positionsChanged = new java.util.HashSet<>();
        for (InvoiceUpsert record : chunk) {
            if (record.invalidReason() != null) {
                items.add(new BatchResult.Item(record.index(), record.invoiceNumber(), BatchResult.Outcome.REJECTED, record.invalidReason()));
                continue;
            }
            try {
                InvoiceNumber number = new InvoiceNumber(record.invoiceNumber());
                CustomerEntity customer = customerByRef.get(record.data().customer().value());
                if (customer == null) {
                    throw new UnknownCustomerException(record.data().customer());
                }
                InvoiceEntity before = existing.get(number.value());
                Applied applied = apply(number, record.data(), customer, before, credits);
                items.add(new BatchResult.Item(record.index(), number.value(),
                        BatchResult.Outcome.valueOf(applied.outcome().name()), null));
                if (applied.outcome() != Outcome.UNCHANGED) {
                    existing.put(number.value(), applied.entity());
                    if (toCreate.containsKey(number.value()) || before == null) {
                        toCreate.put(number.value(), applied.entity()); // created, maybe changed again later in the chunk
                    } else {
                        toUpdate.put(number.value(), applied.entity());
                    }
                    events.add(() -> publishUpserted(toView(applied.entity(), customer.customerRef), applied, positionsChanged, batched::add));
                }
            } catch (IllegalArgumentException | UnknownCustomerException rejected) {
                items.add(new BatchResult.Item(record.index(), record.invoiceNumber(), BatchResult.Outcome.REJECTED,
                        rejected.getMessage()));
            }
        }
        // in number order, so concurrent batches take the unique keys' locks in the same order (one waits, none deadlocks)
        List<InvoiceEntity> created = new ArrayList<>(toCreate.values());
        created.sort(java.util.Comparator.comparing(e -> e.invoiceNumber));
        List<InvoiceEntity> changed = new ArrayList<>(toUpdate.values());
        changed.sort(java.util.Comparator.comparing(e -> e.id));
        batchStore.write(created, changed, clock.instant());
        events.forEach(Runnable::run);
        if (!batched.isEmpty()) {
            // one publication per chunk and listener: a bulk load must not cost two outbox rows per invoice
            this.events.publishEvent(new io.encaisse.invoices.InvoiceBatchUpserted(
                    batched.stream().filter(InvoiceUpserted.class::isInstance).map(InvoiceUpserted.class::cast)
                            .map(u -> new io.encaisse.invoices.InvoiceBatchUpserted.Upserted(u.number(), u.amount().currency(),
                                    u.status(), u.created())).toList(),
                    batched.stream().filter(CustomerPositionChanged.class::isInstance).map(CustomerPositionChanged.class::cast).toList()));
        }
        return items;
    }

    /** @param openBefore the open amount before the upsert (null for a new invoice) */
    private record Applied(InvoiceEntity entity, Outcome outcome, UUID previousCustomer, Money openBefore, Money amountBefore) {
    }

    /** Checks and applies one ERP record to its entity (new or existing) in memory; throws IllegalArgumentException if invalid. */
    private Applied apply(InvoiceNumber number, InvoiceData data, CustomerEntity customer, InvoiceEntity existing,
            Map<String, java.math.BigDecimal> credits) {
        if (data.dueDate().isBefore(data.issueDate())) {
            throw new IllegalArgumentException("Due date " + data.dueDate() + " is before issue date " + data.issueDate());
        }
        if (data.purchaseOrder() != null && data.purchaseOrder().length() > 128) {
            throw new IllegalArgumentException("Purchase order reference is longer than 128 characters");
        }
        PaymentTerms terms = terms(data.paymentTerms());
        Instant now = clock.instant();
        InvoiceEntity e;
        Outcome outcome;
        Money openBefore = null;
        Money amountBefore = null;
        if (existing == null) {
            e = new InvoiceEntity();
            e.id = io.encaisse.shared.TimeOrderedIds.next(clock);
            e.invoiceNumber = number.value();
            e.numberKey = io.encaisse.shared.InvoiceNumberKeys.key(number.value());
            e.numberDigits = io.encaisse.shared.InvoiceNumberKeys.digits(number.value());
            e.createdAt = now;
            // credit notes that arrived before their invoice
            write(e, InvoiceState.fromErp(data.amount(), data.openAmount(), data.cancelled())
                    .withCreditNoted(LedgerMoney.creditFrom(credits, number.value(), data.amount().currency())));
            outcome = Outcome.CREATED;
        } else {
            e = existing;
            InvoiceState before = state(e);
            openBefore = before.openAmount();
            amountBefore = before.amount();
            InvoiceState after = before.withErpUpdate(data.amount(), data.openAmount(), data.cancelled());
            boolean same = after.equals(before)
                    && e.customerId.equals(customer.id)
                    && e.issueDate.equals(data.issueDate())
                    && e.dueDate.equals(data.dueDate())
                    && Objects.equals(e.purchaseOrder, data.purchaseOrder())
                    && Objects.equals(terms(e), terms);
            if (same) {
                return new Applied(e, Outcome.UNCHANGED, null, openBefore, before.amount());
            }
            write(e, after);
            outcome = Outcome.UPDATED;
        }
        UUID previousCustomer = e.customerId;
        e.customerId = customer.id;
        e.issueDate = data.issueDate();
        e.dueDate = data.dueDate();
        e.purchaseOrder = data.purchaseOrder();
        e.paymentTermsCode = terms == null ? null : terms.code();
        e.paymentTermsLabel = terms == null ? null : terms.label();
        e.paymentTermsDays = terms == null ? null : terms.days();
        e.updatedAt = now;
        return new Applied(e, outcome, previousCustomer, openBefore, amountBefore);
    }

    /** Events of one upsert; a customer's position change is published once per transaction. */
    private void publishUpserted(InvoiceView view, Applied applied, java.util.Set<UUID> positionsChanged) {
        publishUpserted(view, applied, positionsChanged, events::publishEvent);
    }

    private void publishUpserted(InvoiceView view, Applied applied, java.util.Set<UUID> positionsChanged,
            java.util.function.Consumer<Object> sink) {
        sink.accept(new InvoiceUpserted(view.id(), view.number(), view.customerId(), view.customer(),
                view.amount(), view.openAmount(), view.dueDate(), view.status(), applied.outcome() == Outcome.CREATED));
        // the ERP's open amount fell for the same amount: a payment it booked itself (the hub's own were counted already);
        // published one by one even in a batch (rare, and InvoiceBatchUpserted carries only upserts and positions)
        Money before = applied.openBefore();
        if (before != null && view.status() != InvoiceStatus.CANCELLED && view.openAmount().compareTo(before) < 0
                && view.amount().equals(applied.amountBefore())) {
            LocalDate on = clock.instant().atZone(clock.getZone()).toLocalDate();
            if (view.status() == InvoiceStatus.PAID) {
                events.publishEvent(new InvoicePaid(view.id(), view.number(), view.customerId(), view.customer(), view.amount(),
                        on, clock.instant()));
            } else {
                events.publishEvent(new InvoicePartiallyPaid(view.id(), view.number(), view.customerId(), view.customer(),
                        view.amount(), view.openAmount(), on, clock.instant()));
            }
        }
        if (positionsChanged.add(view.customerId().value())) {
            sink.accept(new CustomerPositionChanged(view.customerId(), view.customer()));
        }
        UUID previous = applied.previousCustomer();
        if (previous != null && !previous.equals(view.customerId().value()) && positionsChanged.add(previous)) {
            customers.findById(previous).ifPresent(c ->
                    sink.accept(new CustomerPositionChanged(new CustomerId(c.id), new CustomerRef(c.customerRef))));
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CustomerView> customer(CustomerRef ref) {
        return customers.findByCustomerRef(ref.value()).map(ReceivablesService::toView);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CustomerView> customer(CustomerId id) {
        return customers.findById(id.value()).map(ReceivablesService::toView);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<InvoiceView> invoice(InvoiceNumber number) {
        return invoices.findByInvoiceNumber(number.value()).map(this::toView);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<InvoiceView> invoice(InvoiceId id) {
        return invoices.findById(id.value()).map(this::toView);
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> findByNumbers(Collection<InvoiceNumber> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        return views(invoices.findByInvoiceNumberIn(numbers.stream().map(InvoiceNumber::value).toList()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> invoicesOf(CustomerId customer) {
        return views(invoices.findByCustomerIdOrderByDueDateAsc(customer.value()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> findByNormalisedNumbers(Collection<String> keys) {
        return keys.isEmpty() ? List.of() : views(invoices.findByNumberKeyIn(keys));
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> findByNumberDigits(Collection<String> digits) {
        return digits.isEmpty() ? List.of() : views(invoices.findByNumberDigitsIn(digits));
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> findByPurchaseOrders(Collection<String> references) {
        return references.isEmpty() ? List.of() : views(invoices.findByPurchaseOrderIn(references));
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> openInvoicesOf(CustomerId customer, int limit) {
        return views(invoices.findOpenOfCustomer(customer.value(), org.springframework.data.domain.PageRequest.of(0, limit)));
    }

    @Override
    @Transactional(readOnly = true)
    public List<CustomerView> customersByIban(String iban) {
        return iban == null || iban.isBlank() ? List.of()
                : customers.findByIban(normaliseIban(iban)).stream().map(ReceivablesService::toView).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<CustomerView> customersWithNameContaining(String token, int limit) {
        if (token == null || token.isBlank()) {
            return List.of();
        }
        String escaped = token.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return customers.findByNameLike("%" + escaped + "%", limit).stream().map(ReceivablesService::toView).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public CustomerPosition position(CustomerId customerId, LocalDate asOf) {
        CustomerEntity c = customers.findById(customerId.value())
                .orElseThrow(() -> new IllegalArgumentException("No customer " + customerId));
        List<InvoiceEntity> own = invoices.findByCustomerIdOrderByDueDateAsc(customerId.value());
        List<InvoiceView> views = own.stream().map(e -> toView(e, c.customerRef)).toList();
        return PositionCalculator.position(new CustomerRef(c.customerRef), c.currency, views, asOf,
                money.unappliedCredit(c.id, c.currency, own));
    }

    @Override
    @Transactional(readOnly = true)
    public ConsolidatedPosition consolidatedPosition(CustomerId parentId, LocalDate asOf) {
        CustomerEntity parent = customers.findById(parentId.value())
                .orElseThrow(() -> new IllegalArgumentException("No customer " + parentId));
        List<CustomerEntity> members = new ArrayList<>(List.of(parent));
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(parent.customerRef));
        List<String> level = List.of(parent.customerRef);
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (CustomerEntity child : customers.findByParentRefIn(level)) {
                if (seen.add(child.customerRef)) { // a cycle in the ERP's data ends here
                    members.add(child);
                    next.add(child.customerRef);
                }
            }
            level = next;
        }
        List<InvoiceView> all = new ArrayList<>();
        for (CustomerEntity m : members) {
            invoices.findByCustomerIdOrderByDueDateAsc(m.id).forEach(i -> all.add(toView(i, m.customerRef)));
        }
        return new ConsolidatedPosition(PositionCalculator.position(new CustomerRef(parent.customerRef), parent.currency, all, asOf),
                members.stream().map(m -> new CustomerRef(m.customerRef)).toList());
    }

    @Override
    @Transactional(readOnly = true)
    public List<InvoiceView> overdue(LocalDate asOf) {
        return views(invoices.findOverdue(asOf));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentApplication applyPayment(InvoiceId id, Money amount, LocalDate valueDate) {
        InvoiceEntity e = invoices.lockById(id.value()).orElseThrow(() -> new IllegalArgumentException("No invoice " + id));
        InvoiceState before = state(e);
        InvoiceState after = selfBooked(before, before.applyPayment(amount, valueDate));
        Money applied = before.openAmount().minus(after.openAmount());
        write(e, after);
        e.updatedAt = clock.instant();
        InvoiceView view = toView(e);
        if (applied.isPositive()) {
            if (view.status() == InvoiceStatus.PAID) {
                events.publishEvent(new InvoicePaid(view.id(), view.number(), view.customerId(), view.customer(),
                        view.amount(), valueDate, clock.instant()));
            } else {
                events.publishEvent(new InvoicePartiallyPaid(view.id(), view.number(), view.customerId(), view.customer(),
                        view.amount(), view.openAmount(), valueDate, clock.instant()));
            }
            events.publishEvent(new CustomerPositionChanged(view.customerId(), view.customer()));
        }
        return new PaymentApplication(view, applied);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<PaymentApplication> applyPayments(List<io.encaisse.invoices.PaymentToApply> payments) {
        if (payments.isEmpty()) {
            return List.of();
        }
        Map<UUID, PaymentBatchStore.Locked> locked = paymentStore.lock(payments.stream().map(p -> p.invoice().value()).toList());
        Map<UUID, InvoiceEntity> changed = new java.util.LinkedHashMap<>();
        List<PaymentApplication> out = new ArrayList<>(payments.size());
        List<InvoicePaid> paid = new ArrayList<>();
        List<InvoicePartiallyPaid> partiallyPaid = new ArrayList<>();
        Map<UUID, CustomerPositionChanged> positions = new java.util.TreeMap<>();
        Instant now = clock.instant();
        for (io.encaisse.invoices.PaymentToApply p : payments) {
            PaymentBatchStore.Locked l = locked.get(p.invoice().value());
            if (l == null) {
                throw new IllegalArgumentException("No invoice " + p.invoice());
            }
            InvoiceEntity e = l.invoice();
            // the same rules as applyPayment, on the row read under the lock (a later payment sees the earlier ones)
            InvoiceState before = state(e);
            InvoiceState after = selfBooked(before, before.applyPayment(p.amount(), p.valueDate()));
            Money applied = before.openAmount().minus(after.openAmount());
            write(e, after);
            if (applied.isPositive()) {
                e.updatedAt = now;
            }
            InvoiceView view = toView(e, l.customerRef());
            if (applied.isPositive()) {
                changed.put(e.id, e);
                if (view.status() == InvoiceStatus.PAID) {
                    paid.add(new InvoicePaid(view.id(), view.number(), view.customerId(), view.customer(), view.amount(),
                            p.valueDate(), clock.instant()));
                } else {
                    partiallyPaid.add(new InvoicePartiallyPaid(view.id(), view.number(), view.customerId(), view.customer(),
                            view.amount(), view.openAmount(), p.valueDate(), clock.instant()));
                }
                positions.putIfAbsent(view.customerId().value(), new CustomerPositionChanged(view.customerId(), view.customer()));
            }
            out.add(new PaymentApplication(view, applied));
        }
        paymentStore.writePayments(List.copyOf(changed.values()), now);
        if (!positions.isEmpty()) {
            // one publication per batch and listener: matching must not cost two outbox rows per credit
            events.publishEvent(new io.encaisse.invoices.InvoicePaymentsApplied(List.copyOf(paid), List.copyOf(partiallyPaid),
                    List.copyOf(positions.values())));
        }
        return out;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentApplication reversePayment(InvoiceId id, Money amount) {
        InvoiceEntity e = invoices.lockById(id.value()).orElseThrow(() -> new IllegalArgumentException("No invoice " + id));
        InvoiceState before = state(e);
        InvoiceState after = selfBooked(before, before.reversePayment(amount));
        write(e, after);
        e.updatedAt = clock.instant();
        InvoiceView view = toView(e);
        events.publishEvent(new CustomerPositionChanged(view.customerId(), view.customer()));
        return new PaymentApplication(view, after.openAmount().minus(before.openAmount()));
    }

    /** With no payments connector the hub's applications (and their undoing) count as booked by the ERP itself. */
    private InvoiceState selfBooked(InvoiceState before, InvoiceState after) {
        return erpBooksHubPayments ? after.bookedByErpItself(after.hubApplied().minus(before.hubApplied())) : after;
    }

    // --- look-ups for matching many payments at once

    @Override
    @Transactional(readOnly = true)
    public List<io.encaisse.invoices.CustomerName> customerNames(Collection<CustomerRef> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        return customers.findNamesByRefIn(refs.stream().map(CustomerRef::value).distinct().toList()).stream()
                .map(r -> customerName(r, 0)).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<io.encaisse.invoices.CustomerName>> customersByIbans(Collection<String> ibans) {
        List<String> normalised = ibans.stream().filter(i -> i != null && !i.isBlank()).map(ReceivablesService::normaliseIban)
                .distinct().toList();
        Map<String, List<io.encaisse.invoices.CustomerName>> out = new HashMap<>();
        if (!normalised.isEmpty()) {
            for (Object[] r : customers.findNamesByIbanIn(normalised)) {
                out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(customerName(r, 1));
            }
        }
        return out;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<io.encaisse.invoices.CustomerName>> customersWithNameWord(Collection<String> words, int limitPerWord) {
        List<String> distinct = words.stream().filter(w -> w != null && !w.isBlank()).distinct().toList();
        Map<String, List<io.encaisse.invoices.CustomerName>> out = new HashMap<>();
        if (!distinct.isEmpty()) {
            for (Object[] r : customers.findNamesByWord(distinct, limitPerWord)) {
                out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(customerName(r, 1));
            }
        }
        return out;
    }

    @Override
    @Transactional(readOnly = true)
    public List<io.encaisse.invoices.CustomerName> customersWithNameWords(Collection<String> allOf, int limit) {
        List<String> distinct = allOf.stream().filter(w -> w != null && !w.isBlank()).distinct().toList();
        return distinct.isEmpty() ? List.of()
                : customers.findNamesByAllWords(distinct, limit).stream().map(r -> customerName(r, 0)).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<CustomerRef, List<InvoiceView>> openInvoicesOfCustomers(Collection<CustomerRef> refs, int limitPerCustomer) {
        Map<CustomerRef, List<InvoiceView>> out = new java.util.LinkedHashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        List<InvoiceView> found = views(invoices.findOpenOfCustomerRefs(refs.stream().map(CustomerRef::value).distinct().toList(),
                limitPerCustomer));
        for (InvoiceView v : found) {
            out.computeIfAbsent(v.customer(), k -> new ArrayList<>()).add(v);
        }
        out.values().forEach(l -> l.sort(java.util.Comparator.comparing(InvoiceView::dueDate)
                .thenComparing(v -> v.number().value())));
        return out;
    }

    private static io.encaisse.invoices.CustomerName customerName(Object[] row, int from) {
        return new io.encaisse.invoices.CustomerName(new CustomerId((UUID) row[from]), new CustomerRef((String) row[from + 1]),
                (String) row[from + 2]);
    }

    @Override
    public UpsertResult<CreditNoteView> upsertCreditNote(CreditNoteNumber number, CreditNoteData data) {
        return money.upsertCreditNote(number, data);
    }

    @Override
    public Optional<CreditNoteView> creditNote(CreditNoteNumber number) {
        return money.creditNote(number);
    }

    @Override
    public UpsertResult<ErpPaymentView> recordErpPayment(ErpPaymentId id, ErpPaymentData data) {
        return money.recordErpPayment(id, data);
    }

    // --- mapping

    static InvoiceState state(InvoiceEntity e) {
        return new InvoiceState(Money.of(e.amount, e.currency), Money.of(e.erpOpenAmount, e.currency),
                Money.of(e.hubApplied, e.currency), Money.of(e.hubBooked, e.currency), Money.of(e.erpPaid, e.currency),
                Money.of(e.creditNoted, e.currency), e.cancelled, e.lastPaymentDate);
    }

    static void write(InvoiceEntity e, InvoiceState s) {
        e.currency = s.amount().currency();
        e.amount = s.amount().amount();
        e.openAmount = s.openAmount().amount();
        e.erpOpenAmount = s.erpOpenAmount().amount();
        e.hubApplied = s.hubApplied().amount();
        e.hubBooked = s.hubBooked().amount();
        e.erpPaid = s.erpPaid().amount();
        e.creditNoted = s.creditNoted().amount();
        e.cancelled = s.cancelled();
        e.lastPaymentDate = s.lastPaymentDate();
        e.status = s.status().name();
    }

    private List<InvoiceView> views(List<InvoiceEntity> entities) {
        Map<UUID, String> refs = new HashMap<>();
        // one query for the customers of many invoices (matching reads hundreds at once)
        java.util.Set<UUID> customerIds = new java.util.HashSet<>();
        entities.forEach(e -> customerIds.add(e.customerId));
        if (customerIds.size() > 1) {
            customers.findAllById(customerIds).forEach(c -> refs.put(c.id, c.customerRef));
        }
        List<InvoiceView> out = new ArrayList<>(entities.size());
        for (InvoiceEntity e : entities) {
            String ref = refs.computeIfAbsent(e.customerId, id -> customers.findById(id).map(c -> c.customerRef).orElseThrow());
            out.add(toView(e, ref));
        }
        return out;
    }

    private InvoiceView toView(InvoiceEntity e) {
        return toView(e, customers.findById(e.customerId).map(c -> c.customerRef).orElseThrow());
    }

    static InvoiceView toView(InvoiceEntity e, String customerRef) {
        InvoiceState s = state(e);
        return new InvoiceView(new InvoiceId(e.id), new InvoiceNumber(e.invoiceNumber), new CustomerId(e.customerId),
                new CustomerRef(customerRef), e.issueDate, e.dueDate, s.amount(), s.openAmount(), s.status(),
                e.lastPaymentDate, e.purchaseOrder, e.updatedAt, terms(e));
    }

    private static PaymentTerms terms(InvoiceEntity e) {
        return e.paymentTermsCode == null && e.paymentTermsLabel == null && e.paymentTermsDays == null ? null
                : new PaymentTerms(e.paymentTermsCode, e.paymentTermsLabel, e.paymentTermsDays);
    }

    /** Empty terms are no terms; checked lengths, so a bad record is rejected rather than sinking its chunk. */
    private static PaymentTerms terms(PaymentTerms t) {
        if (t == null || t.hasNoValue()) {
            return null;
        }
        if (t.code() != null && t.code().length() > 64 || t.label() != null && t.label().length() > 255) {
            throw new IllegalArgumentException("Payment terms code (64) or label (255) is too long");
        }
        if (t.days() != null && t.days() < 0) {
            throw new IllegalArgumentException("Payment terms days must not be negative (got " + t.days() + ")");
        }
        return t;
    }

    private static CustomerView toView(CustomerEntity e) {
        return new CustomerView(new CustomerId(e.id), new CustomerRef(e.customerRef), e.name, e.billingEmail, e.language,
                e.currency, List.copyOf(e.ibans),
                e.salesRepName == null && e.salesRepEmail == null ? null : new SalesRep(e.salesRepName, e.salesRepEmail),
                e.creditLimit == null ? null : Money.of(e.creditLimit, e.creditLimitCurrency), e.updatedAt,
                e.billingAddressLines == null && e.billingPostcode == null && e.billingCity == null && e.billingCountry == null ? null
                        : new Address(e.billingAddressLines == null ? List.of() : List.of(e.billingAddressLines.split("\n")),
                                e.billingPostcode, e.billingCity, e.billingCountry),
                contact(e.billingContactName, e.billingContactEmail, e.billingContactPhone, e.billingContactRole),
                contact(e.dunningContactName, e.dunningContactEmail, e.dunningContactPhone, e.dunningContactRole),
                e.segment, e.parentRef == null ? null : new CustomerRef(e.parentRef),
                e.paymentTermsCode == null && e.paymentTermsLabel == null && e.paymentTermsDays == null ? null
                        : new PaymentTerms(e.paymentTermsCode, e.paymentTermsLabel, e.paymentTermsDays));
    }

    private static Contact contact(String name, String email, String phone, String role) {
        return name == null && email == null && phone == null && role == null ? null : new Contact(name, email, phone, role);
    }

    private static boolean sameMasterData(CustomerView a, CustomerView b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.billingEmail(), b.billingEmail())
                && Objects.equals(a.language(), b.language()) && Objects.equals(a.currency(), b.currency())
                && Objects.equals(a.ibans(), b.ibans()) && Objects.equals(a.salesRep(), b.salesRep())
                && Objects.equals(a.creditLimit(), b.creditLimit())
                && Objects.equals(a.billingAddress(), b.billingAddress()) && Objects.equals(a.billingContact(), b.billingContact())
                && Objects.equals(a.dunningContact(), b.dunningContact()) && Objects.equals(a.segment(), b.segment())
                && Objects.equals(a.parent(), b.parent()) && Objects.equals(a.paymentTerms(), b.paymentTerms());
    }

    static String normaliseIban(String iban) {
        return iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }
}
