package io.encaisse.api.internal;

import io.encaisse.invoices.CreditNoteData;
import io.encaisse.invoices.CreditNoteNumber;
import io.encaisse.invoices.CreditNoteView;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.ErpPaymentData;
import io.encaisse.invoices.ErpPaymentId;
import io.encaisse.invoices.ErpPaymentView;
import io.encaisse.invoices.ErpPaymentsOut;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.PaymentApplicationStatus;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.UpsertResult;
import io.encaisse.shared.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The money the ERP and the hub exchange besides invoices: credit notes, ERP-side payments, payment applications out. */
@RestController
@Validated
class ErpMoneyController {

    private final Receivables receivables;
    private final ErpPaymentsOut paymentsOut;

    ErpMoneyController(Receivables receivables, ErpPaymentsOut paymentsOut) {
        this.receivables = receivables;
        this.paymentsOut = paymentsOut;
    }

    // --- credit notes

    record CreditNoteBody(@NotBlank String customerId, @NotNull LocalDate issueDate,
            @NotNull @Pattern(regexp = ReceivablesController.CURRENCY) String currency,
            @NotNull @Pattern(regexp = "^\\d{1,15}(\\.\\d{1,4})?$", message = "must be a positive amount") String amount,
            String creditedInvoiceNumber, Boolean cancelled) {
    }

    record CreditNoteDto(String creditNoteNumber, String customerId, LocalDate issueDate, String currency, BigDecimal amount,
            String creditedInvoiceNumber, boolean creditedInvoiceKnown, boolean cancelled, Instant updatedAt) {
        static CreditNoteDto of(CreditNoteView v) {
            return new CreditNoteDto(v.number().value(), v.customer().value(), v.issueDate(), v.amount().currency(),
                    v.amount().amount(), v.creditedInvoice() == null ? null : v.creditedInvoice().value(), v.creditedInvoiceKnown(),
                    v.cancelled(), v.updatedAt());
        }
    }

    @PutMapping("/api/v1/credit-notes/{creditNoteNumber}")
    ResponseEntity<CreditNoteDto> putCreditNote(@PathVariable String creditNoteNumber, @Valid @RequestBody CreditNoteBody body) {
        CreditNoteData data = new CreditNoteData(new CustomerRef(body.customerId()), body.issueDate(),
                Money.of(body.amount(), body.currency()),
                body.creditedInvoiceNumber() == null ? null : new InvoiceNumber(body.creditedInvoiceNumber()),
                Boolean.TRUE.equals(body.cancelled()));
        UpsertResult<CreditNoteView> result = receivables.upsertCreditNote(new CreditNoteNumber(creditNoteNumber), data);
        return ResponseEntity.status(result.outcome() == UpsertResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Encaisse-Upsert", result.outcome().name()).body(CreditNoteDto.of(result.value()));
    }

    @GetMapping("/api/v1/credit-notes/{creditNoteNumber}")
    CreditNoteDto getCreditNote(@PathVariable String creditNoteNumber) {
        return receivables.creditNote(new CreditNoteNumber(creditNoteNumber)).map(CreditNoteDto::of)
                .orElseThrow(() -> new ProblemHandler.NotFound("No credit note '" + creditNoteNumber + "'"));
    }

    // --- payments the ERP booked itself

    record ErpPaymentBody(@NotBlank @Size(max = 128) String erpPaymentId, @NotBlank String invoiceNumber,
            @NotNull @Pattern(regexp = ReceivablesController.CURRENCY) String currency,
            @NotNull @Pattern(regexp = "^\\d{1,15}(\\.\\d{1,4})?$", message = "must be a positive amount") String amount,
            @NotNull LocalDate paymentDate, @Size(max = 64) String method, Boolean cancelled) {
    }

    record InvoiceAfter(String invoiceNumber, BigDecimal openAmount, InvoiceStatus status) {
    }

    record ErpPaymentDto(String erpPaymentId, String invoiceNumber, String currency, BigDecimal amount, LocalDate paymentDate,
            String method, boolean cancelled, boolean hubApplication, InvoiceAfter invoice) {
    }

    @PostMapping("/api/v1/erp-payments")
    ResponseEntity<ErpPaymentDto> postErpPayment(@Valid @RequestBody ErpPaymentBody body) {
        UpsertResult<ErpPaymentView> result = receivables.recordErpPayment(new ErpPaymentId(body.erpPaymentId()),
                new ErpPaymentData(new InvoiceNumber(body.invoiceNumber()), Money.of(body.amount(), body.currency()),
                        body.paymentDate(), body.method(), Boolean.TRUE.equals(body.cancelled())));
        ErpPaymentView v = result.value();
        ErpPaymentDto dto = new ErpPaymentDto(v.id().value(), v.invoice().value(), v.amount().currency(), v.amount().amount(),
                v.paymentDate(), v.method(), v.cancelled(), v.hubApplication(), new InvoiceAfter(v.invoiceAfter().number().value(),
                        v.invoiceAfter().openAmount().amount(), v.invoiceAfter().status()));
        return ResponseEntity.status(result.outcome() == UpsertResult.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .header("Encaisse-Upsert", result.outcome().name()).body(dto);
    }

    // --- payment applications posted to the ERP

    record ApplicationDto(UUID applicationId, UUID allocationId, String direction, String connector, String invoiceNumber,
            String customerId, BigDecimal amount, String currency, LocalDate valueDate, String bankReference, String status,
            int attempts, Instant nextAttemptAt, String lastError, String erpId, Instant createdAt, Instant updatedAt,
            Instant sentAt) {
        static ApplicationDto of(PaymentApplicationView a) {
            return new ApplicationDto(a.id(), a.allocationId(), a.direction(), a.connector(), a.invoiceNumber().value(),
                    a.customer().value(), a.amount().amount(), a.amount().currency(), a.valueDate(), a.bankReference(),
                    a.status().name(), a.attempts(), a.nextAttemptAt(), a.lastError(), a.erpId(), a.createdAt(), a.updatedAt(),
                    a.sentAt());
        }
    }

    record ApplicationPage(List<ApplicationDto> items, String nextCursor) {
    }

    @GetMapping("/api/v1/erp/payment-applications")
    ApplicationPage applications(@RequestParam(required = false) PaymentApplicationStatus status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit, @RequestParam(required = false) UUID cursor) {
        List<ApplicationDto> items = paymentsOut.applications(status, limit, cursor).stream().map(ApplicationDto::of).toList();
        return new ApplicationPage(items, items.size() == limit ? items.get(items.size() - 1).applicationId().toString() : null);
    }

    @GetMapping("/api/v1/erp/payment-applications/{applicationId}")
    ApplicationDto application(@PathVariable UUID applicationId) {
        return paymentsOut.application(applicationId).map(ApplicationDto::of)
                .orElseThrow(() -> new ProblemHandler.NotFound("No payment application " + applicationId));
    }

    @PostMapping("/api/v1/erp/payment-applications/{applicationId}/retry")
    ApplicationDto retry(@PathVariable UUID applicationId) {
        ErpPaymentsOut.RetryOutcome outcome = paymentsOut.retry(applicationId);
        if (outcome instanceof ErpPaymentsOut.RetryOutcome.Queued q) {
            return ApplicationDto.of(q.application());
        }
        if (outcome instanceof ErpPaymentsOut.RetryOutcome.NotFound n) {
            throw new ProblemHandler.NotFound(n.detail());
        }
        throw new ProblemHandler.Conflict("not-retryable", ((ErpPaymentsOut.RetryOutcome.Refused) outcome).detail(), Map.of());
    }
}
