package io.encaisse.api.internal;

import io.encaisse.dunning.Dunning;
import io.encaisse.dunning.DunningStage;
import io.encaisse.invoices.BatchResult;
import io.encaisse.invoices.Address;
import io.encaisse.invoices.ConsolidatedPosition;
import io.encaisse.invoices.Contact;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.PaymentTerms;
import io.encaisse.invoices.InvoiceUpsert;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.SalesRep;
import io.encaisse.invoices.UpsertResult;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.shared.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** ERP-facing upserts and the receivable read models. The ERP's keys are the path keys. */
@RestController
class ReceivablesController {

    static final String AMOUNT = "^-?\\d{1,15}(\\.\\d{1,4})?$";
    static final String CURRENCY = "^[A-Z]{3}$";

    private final ErpPostings erpPostings;
    private final Receivables receivables;
    private final Reconciliation reconciliation;
    private final Dunning dunning;
    private final Clock clock;
    private final jakarta.validation.Validator validator;

    ReceivablesController(Receivables receivables, Reconciliation reconciliation, Dunning dunning, Clock clock,
            jakarta.validation.Validator validator, ErpPostings erpPostings) {
        this.erpPostings = erpPostings;
        this.receivables = receivables;
        this.reconciliation = reconciliation;
        this.dunning = dunning;
        this.clock = clock;
        // each batch record is checked on its own: without JPA's traversable resolver, which asks the persistence
        // providers about every property of every record (a sixth of a batch request's time) though none is an entity
        this.validator = validator instanceof jakarta.validation.ValidatorFactory factory
                ? factory.usingContext().traversableResolver(TRAVERSE_ALL).getValidator() : validator;
    }

    private static final jakarta.validation.TraversableResolver TRAVERSE_ALL = new jakarta.validation.TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, jakarta.validation.Path.Node property, Class<?> rootType,
                jakarta.validation.Path path, java.lang.annotation.ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, jakarta.validation.Path.Node property, Class<?> rootType,
                jakarta.validation.Path path, java.lang.annotation.ElementType type) {
            return true;
        }
    };

    record SalesRepBody(@Size(max = 255) String name, @Email @Size(max = 320) String email) {
    }

    record AddressBody(@Size(max = 4) List<@Size(max = 255) String> lines, @Size(max = 20) String postcode,
                       @Size(max = 128) String city,
                       @Pattern(regexp = "^[A-Z]{2}$", message = "must be an ISO 3166-1 alpha-2 code such as FR") String country) {
        Address toAddress() {
            return new Address(lines, postcode, city, country);
        }
    }

    record ContactBody(@Size(max = 255) String name, @Email @Size(max = 320) String email, @Size(max = 64) String phone,
                       @Size(max = 128) String role) {
        Contact toContact() {
            return new Contact(name, email, phone, role);
        }
    }

    record PaymentTermsBody(@Size(max = 64) String code, @Size(max = 255) String label, @Min(0) Integer days) {
        PaymentTerms toTerms() {
            return new PaymentTerms(code, label, days);
        }
    }

    record CustomerBody(
            @NotBlank @Size(max = 255) String name,
            @Email @Size(max = 320) String billingEmail,
            @Pattern(regexp = "^[a-z]{2}$", message = "must be an ISO 639-1 code such as fr or en") String language,
            @NotNull @Pattern(regexp = CURRENCY) String currency,
            List<@NotBlank @Pattern(regexp = "^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,36}$", message = "must be an IBAN") String> ibans,
            @Valid SalesRepBody salesRep,
            @Pattern(regexp = AMOUNT) String creditLimit,
            @Valid AddressBody billingAddress,
            @Valid ContactBody billingContact,
            @Valid ContactBody dunningContact,
            @Size(max = 64) String segment,
            @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$") String parentCustomerId,
            @Valid PaymentTermsBody paymentTerms) {
    }

    record InvoiceBody(
            @NotBlank String customerId,
            @NotNull LocalDate issueDate,
            @NotNull LocalDate dueDate,
            @NotNull @Pattern(regexp = CURRENCY) String currency,
            @NotNull @Pattern(regexp = AMOUNT) String amount,
            @Pattern(regexp = AMOUNT) String openAmount,
            InvoiceStatus status,
            @Size(max = 128) String purchaseOrder,
            @Valid PaymentTermsBody paymentTerms) {
    }

    record PositionDto(String currency, BigDecimal outstanding, BigDecimal overdue, int openInvoices, int overdueInvoices,
                       int oldestOverdueDays, LocalDate lastPaymentDate, String paymentStatus, LocalDate asOf,
                       BigDecimal unappliedCredit) {
        static PositionDto of(CustomerPosition p) {
            return new PositionDto(p.outstanding().currency(), p.outstanding().amount(), p.overdue().amount(), p.openInvoices(),
                    p.overdueInvoices(), p.oldestOverdueDays(), p.lastPaymentDate(), p.paymentStatus().name(), p.asOf(),
                    p.unappliedCredit() != null && p.unappliedCredit().isPositive() ? p.unappliedCredit().amount() : null);
        }
    }

    record CustomerDto(String customerId, String name, String billingEmail, String language, String currency, List<String> ibans,
                       SalesRep salesRep, BigDecimal creditLimit, Address billingAddress, Contact billingContact,
                       Contact dunningContact, String segment, String parentCustomerId, PaymentTerms paymentTerms,
                       PositionDto position, DunningDto dunning, Instant updatedAt) {
    }

    record PositionReportDto(String customerId, boolean consolidated, List<String> members, PositionDto position) {
    }

    record DunningDto(int level, Instant lastNoticeAt) {
        static DunningDto of(DunningStage s) {
            return new DunningDto(s.level(), s.lastNoticeAt());
        }
    }

    record AllocationDto(String allocationId, String bankTransactionId, BigDecimal amount, String currency, String rule,
                         String explanation, Instant createdAt, Instant reversedAt, BigDecimal bankAmount, String bankCurrency,
                         BigDecimal exchangeRate, ErpPostings.ErpPostingDto erp) {
        static AllocationDto of(AllocationView a, java.util.Map<java.util.UUID, ErpPostings.ErpPostingDto> erp) {
            boolean converted = a.exchangeRate() != null;
            return new AllocationDto(a.id().toString(), a.transactionId().toString(), a.amount().amount(), a.amount().currency(),
                    a.rule(), a.explanation(), a.createdAt(), a.reversedAt(),
                    converted ? a.bankAmount().amount() : null, converted ? a.bankAmount().currency() : null,
                    converted ? a.exchangeRate().stripTrailingZeros() : null, erp.get(a.id().value()));
        }
    }

    record InvoiceDto(String invoiceNumber, String customerId, LocalDate issueDate, LocalDate dueDate, String currency,
                      BigDecimal amount, BigDecimal openAmount, InvoiceStatus status, LocalDate lastPaymentDate,
                      String purchaseOrder, PaymentTerms paymentTerms, List<AllocationDto> allocations, Instant updatedAt) {
    }

    @PutMapping("/api/v1/customers/{customerId}")
    ResponseEntity<CustomerDto> putCustomer(@PathVariable String customerId, @Valid @RequestBody CustomerBody body) {
        CustomerRef ref = new CustomerRef(customerId);
        Money creditLimit = body.creditLimit() == null ? null : Money.of(body.creditLimit(), body.currency());
        SalesRep rep = body.salesRep() == null ? null : new SalesRep(body.salesRep().name(), body.salesRep().email());
        UpsertResult<CustomerView> result = receivables.upsertCustomer(ref, new CustomerData(body.name(), body.billingEmail(),
                body.language(), body.currency(), body.ibans(), rep, creditLimit,
                body.billingAddress() == null ? null : body.billingAddress().toAddress(),
                body.billingContact() == null ? null : body.billingContact().toContact(),
                body.dunningContact() == null ? null : body.dunningContact().toContact(), body.segment(),
                body.parentCustomerId() == null ? null : new CustomerRef(body.parentCustomerId()),
                body.paymentTerms() == null ? null : body.paymentTerms().toTerms()));
        return ResponseEntity.status(result.outcome() == UpsertResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Encaisse-Upsert", result.outcome().name())
                .body(customerDto(result.value()));
    }

    @GetMapping("/api/v1/customers/{customerId}")
    CustomerDto getCustomer(@PathVariable String customerId) {
        CustomerView c = receivables.customer(new CustomerRef(customerId))
                .orElseThrow(() -> new ProblemHandler.NotFound("No customer '" + customerId + "'"));
        return customerDto(c);
    }

    @GetMapping("/api/v1/customers/{customerId}/position")
    PositionReportDto getPosition(@PathVariable String customerId,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean consolidated) {
        CustomerView c = receivables.customer(new CustomerRef(customerId))
                .orElseThrow(() -> new ProblemHandler.NotFound("No customer '" + customerId + "'"));
        LocalDate today = LocalDate.now(clock);
        if (!consolidated) {
            return new PositionReportDto(c.ref().value(), false, List.of(c.ref().value()), PositionDto.of(receivables.position(c.id(), today)));
        }
        ConsolidatedPosition group = receivables.consolidatedPosition(c.id(), today);
        return new PositionReportDto(c.ref().value(), true, group.members().stream().map(CustomerRef::value).toList(),
                PositionDto.of(group.position()));
    }

    @PutMapping("/api/v1/invoices/{invoiceNumber}")
    ResponseEntity<InvoiceDto> putInvoice(@PathVariable String invoiceNumber, @Valid @RequestBody InvoiceBody body) {
        InvoiceNumber number = new InvoiceNumber(invoiceNumber);
        Money amount = Money.of(body.amount(), body.currency());
        Money open = body.openAmount() != null ? Money.of(body.openAmount(), body.currency())
                : body.status() == InvoiceStatus.PAID ? Money.zero(body.currency()) : null;
        InvoiceData data = new InvoiceData(new CustomerRef(body.customerId()), body.issueDate(), body.dueDate(), amount, open,
                body.status() == InvoiceStatus.CANCELLED, body.purchaseOrder(),
                body.paymentTerms() == null ? null : body.paymentTerms().toTerms());
        UpsertResult<InvoiceView> result = receivables.upsertInvoice(number, data);
        return ResponseEntity.status(result.outcome() == UpsertResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Encaisse-Upsert", result.outcome().name())
                .body(invoiceDto(result.value()));
    }

    record BatchInvoice(@NotBlank String invoiceNumber, @NotBlank String customerId, @NotNull LocalDate issueDate,
                        @NotNull LocalDate dueDate, @NotNull @Pattern(regexp = CURRENCY) String currency,
                        @NotNull @Pattern(regexp = AMOUNT) String amount, @Pattern(regexp = AMOUNT) String openAmount,
                        InvoiceStatus status, @Size(max = 128) String purchaseOrder, @Valid PaymentTermsBody paymentTerms) {
    }

    record InvoiceBatch(@NotNull @Size(min = 1, max = MAX_BATCH) List<BatchInvoice> invoices) {
    }

    record BatchSummary(int received, long created, long updated, long unchanged, long rejected) {
    }

    record BatchResponse(BatchSummary summary, List<BatchResult.Item> results) {
    }

    static final int MAX_BATCH = 10_000;

    /**
     * Bulk loads and nightly syncs: each record is validated on its own; a rejected one (with its reason) never blocks
     * the good ones. The answer lists every record's outcome.
     */
    @PostMapping("/api/v1/invoices/batch")
    BatchResponse putInvoices(@Valid @RequestBody InvoiceBatch batch) {
        List<InvoiceUpsert> records = new java.util.ArrayList<>(batch.invoices().size());
        for (int i = 0; i < batch.invoices().size(); i++) {
            records.add(toUpsert(i, batch.invoices().get(i)));
        }
        BatchResult result = receivables.upsertInvoices(records);
        List<BatchResult.Item> items = result.items().stream()
                .sorted(java.util.Comparator.comparingInt(BatchResult.Item::index)).toList();
        return new BatchResponse(new BatchSummary(records.size(), result.count(BatchResult.Outcome.CREATED),
                result.count(BatchResult.Outcome.UPDATED), result.count(BatchResult.Outcome.UNCHANGED),
                result.count(BatchResult.Outcome.REJECTED)), items);
    }

    private InvoiceUpsert toUpsert(int index, BatchInvoice b) {
        if (b == null) {
            return InvoiceUpsert.invalid(index, null, "The record is null");
        }
        // the Bean Validation pass only for a record the plain checks doubt: it alone words the reasons
        java.util.Set<jakarta.validation.ConstraintViolation<BatchInvoice>> violations = plainlyValid(b) ? java.util.Set.of()
                : validator.validate(b);
        if (!violations.isEmpty()) {
            return InvoiceUpsert.invalid(index, b.invoiceNumber(), violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(java.util.stream.Collectors.joining("; ")));
        }
        try {
            Money amount = Money.of(b.amount(), b.currency());
            Money open = b.openAmount() != null ? Money.of(b.openAmount(), b.currency())
                    : b.status() == InvoiceStatus.PAID ? Money.zero(b.currency()) : null;
            return InvoiceUpsert.valid(index, b.invoiceNumber(), new InvoiceData(new CustomerRef(b.customerId()), b.issueDate(),
                    b.dueDate(), amount, open, b.status() == InvoiceStatus.CANCELLED, b.purchaseOrder(),
                    b.paymentTerms() == null ? null : b.paymentTerms().toTerms()));
        } catch (IllegalArgumentException e) {
            return InvoiceUpsert.invalid(index, b.invoiceNumber(), e.getMessage());
        }
    }

    private static final java.util.regex.Pattern AMOUNT_PATTERN = java.util.regex.Pattern.compile(AMOUNT);
    private static final java.util.regex.Pattern CURRENCY_PATTERN = java.util.regex.Pattern.compile(CURRENCY);

    /**
     * BatchInvoice's constraints checked by hand (no reflection, no violation objects): true only if none is
     * broken. When false the validator runs and words the reasons, so the answer is the same either way.
     */
    static boolean plainlyValid(BatchInvoice b) {
        PaymentTermsBody terms = b.paymentTerms();
        return !blank(b.invoiceNumber()) && !blank(b.customerId()) && b.issueDate() != null && b.dueDate() != null
                && b.currency() != null && CURRENCY_PATTERN.matcher(b.currency()).matches()
                && b.amount() != null && AMOUNT_PATTERN.matcher(b.amount()).matches()
                && (b.openAmount() == null || AMOUNT_PATTERN.matcher(b.openAmount()).matches())
                && (b.purchaseOrder() == null || b.purchaseOrder().length() <= 128)
                && (terms == null || (terms.code() == null || terms.code().length() <= 64)
                        && (terms.label() == null || terms.label().length() <= 255)
                        && (terms.days() == null || terms.days() >= 0));
    }

    private static boolean blank(String s) {
        return s == null || s.trim().isEmpty(); // @NotBlank's own test (trim, not isBlank)
    }

    @GetMapping("/api/v1/invoices/{invoiceNumber}")
    InvoiceDto getInvoice(@PathVariable String invoiceNumber) {
        InvoiceView v = receivables.invoice(new InvoiceNumber(invoiceNumber))
                .orElseThrow(() -> new ProblemHandler.NotFound("No invoice '" + invoiceNumber + "'"));
        return invoiceDto(v);
    }

    private CustomerDto customerDto(CustomerView c) {
        CustomerPosition position = receivables.position(c.id(), LocalDate.now(clock));
        return new CustomerDto(c.ref().value(), c.name(), c.billingEmail(), c.language(), c.currency(), c.ibans(), c.salesRep(),
                c.creditLimit() == null ? null : c.creditLimit().amount(), c.billingAddress(), c.billingContact(), c.dunningContact(),
                c.segment(), c.parent() == null ? null : c.parent().value(), c.paymentTerms(), PositionDto.of(position),
                DunningDto.of(dunning.stageOf(c.id())), c.updatedAt());
    }

    private InvoiceDto invoiceDto(InvoiceView v) {
        List<AllocationView> views = reconciliation.allocationsOf(v.id());
        java.util.Map<java.util.UUID, ErpPostings.ErpPostingDto> erp = erpPostings.of(views);
        List<AllocationDto> allocations = views.stream().map(a -> AllocationDto.of(a, erp)).toList();
        return new InvoiceDto(v.number().value(), v.customer().value(), v.issueDate(), v.dueDate(), v.amount().currency(),
                v.amount().amount(), v.openAmount().amount(), v.status(), v.lastPaymentDate(), v.purchaseOrder(), v.paymentTerms(), allocations,
                v.updatedAt());
    }
}
