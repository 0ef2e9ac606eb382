package io.encaisse.invoices.internal;

import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerPositionChanged;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
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

@Service
class ReceivablesService implements Receivables {

    private final CustomerRepository customers;
    private final InvoiceRepository invoices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReceivablesService(CustomerRepository customers, InvoiceRepository invoices, ApplicationEventPublisher events, Clock clock) {
        this.customers = customers;
        this.invoices = invoices;
        this.events = events;
        this.clock = clock;
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
        if (data.dueDate().isBefore(data.issueDate())) {
            throw new IllegalArgumentException("Due date " + data.dueDate() + " is before issue date " + data.issueDate());
        }
        Optional<InvoiceEntity> existing = invoices.findByInvoiceNumber(number.value());
        Instant now = clock.instant();
        InvoiceEntity e;
        Outcome outcome;
        if (existing.isEmpty()) {
            e = new InvoiceEntity();
            e.id = UUID.randomUUID();
            e.invoiceNumber = number.value();
            e.createdAt = now;
            write(e, InvoiceState.fromErp(data.amount(), data.openAmount(), data.cancelled()));
            outcome = Outcome.CREATED;
        } else {
            e = existing.get();
            InvoiceState before = state(e);
            InvoiceState after = before.withErpUpdate(data.amount(), data.openAmount(), data.cancelled());
            boolean same = after.equals(before)
                    && e.customerId.equals(customer.id)
                    && e.issueDate.equals(data.issueDate())
                    && e.dueDate.equals(data.dueDate())
                    && Objects.equals(e.purchaseOrder, data.purchaseOrder());
            if (same) {
                return new UpsertResult<>(toView(e, customer.customerRef), Outcome.UNCHANGED);
            }
            write(e, after);
            outcome = Outcome.UPDATED;
        }
        UUID previousCustomer = e.customerId;
        e.customerId = customer.id;
        e.issueDate = data.issueDate();
        e.dueDate = data.dueDate();
        e.purchaseOrder = data.purchaseOrder();
        e.updatedAt = now;
        invoices.save(e);
        InvoiceView view = toView(e, customer.customerRef);
        events.publishEvent(new InvoiceUpserted(view.id(), view.number(), view.customerId(), view.customer(),
                view.amount(), view.openAmount(), view.dueDate(), view.status(), outcome == Outcome.CREATED));
        events.publishEvent(new CustomerPositionChanged(view.customerId(), view.customer()));
        if (previousCustomer != null && !previousCustomer.equals(customer.id)) {
            customers.findById(previousCustomer).ifPresent(c ->
                    events.publishEvent(new CustomerPositionChanged(new CustomerId(c.id), new CustomerRef(c.customerRef))));
        }
        return new UpsertResult<>(view, outcome);
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
    public CustomerPosition position(CustomerId customerId, LocalDate asOf) {
        CustomerEntity c = customers.findById(customerId.value())
                .orElseThrow(() -> new IllegalArgumentException("No customer " + customerId));
        return PositionCalculator.position(new CustomerRef(c.customerRef), c.currency, invoicesOf(customerId), asOf);
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
        InvoiceState after = before.applyPayment(amount, valueDate);
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
    public PaymentApplication reversePayment(InvoiceId id, Money amount) {
        InvoiceEntity e = invoices.lockById(id.value()).orElseThrow(() -> new IllegalArgumentException("No invoice " + id));
        InvoiceState before = state(e);
        InvoiceState after = before.reversePayment(amount);
        write(e, after);
        e.updatedAt = clock.instant();
        InvoiceView view = toView(e);
        events.publishEvent(new CustomerPositionChanged(view.customerId(), view.customer()));
        return new PaymentApplication(view, after.openAmount().minus(before.openAmount()));
    }

    // --- mapping

    private static InvoiceState state(InvoiceEntity e) {
        return new InvoiceState(Money.of(e.amount, e.currency), Money.of(e.openAmount, e.currency),
                Money.of(e.erpOpenAmount, e.currency), e.cancelled, e.lastPaymentDate);
    }

    private static void write(InvoiceEntity e, InvoiceState s) {
        e.currency = s.amount().currency();
        e.amount = s.amount().amount();
        e.openAmount = s.openAmount().amount();
        e.erpOpenAmount = s.erpOpenAmount().amount();
        e.cancelled = s.cancelled();
        e.lastPaymentDate = s.lastPaymentDate();
        e.status = s.status().name();
    }

    private List<InvoiceView> views(List<InvoiceEntity> entities) {
        Map<UUID, String> refs = new HashMap<>();
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

    private static InvoiceView toView(InvoiceEntity e, String customerRef) {
        InvoiceState s = state(e);
        return new InvoiceView(new InvoiceId(e.id), new InvoiceNumber(e.invoiceNumber), new CustomerId(e.customerId),
                new CustomerRef(customerRef), e.issueDate, e.dueDate, s.amount(), s.openAmount(), s.status(),
                e.lastPaymentDate, e.purchaseOrder, e.updatedAt);
    }

    private static CustomerView toView(CustomerEntity e) {
        return new CustomerView(new CustomerId(e.id), new CustomerRef(e.customerRef), e.name, e.billingEmail, e.language,
                e.currency, List.copyOf(e.ibans),
                e.salesRepName == null && e.salesRepEmail == null ? null : new SalesRep(e.salesRepName, e.salesRepEmail),
                e.creditLimit == null ? null : Money.of(e.creditLimit, e.creditLimitCurrency), e.updatedAt);
    }

    private static boolean sameMasterData(CustomerView a, CustomerView b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.billingEmail(), b.billingEmail())
                && Objects.equals(a.language(), b.language()) && Objects.equals(a.currency(), b.currency())
                && Objects.equals(a.ibans(), b.ibans()) && Objects.equals(a.salesRep(), b.salesRep())
                && Objects.equals(a.creditLimit(), b.creditLimit());
    }

    static String normaliseIban(String iban) {
        return iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }
}
