package io.encaisse.api.internal;

import io.encaisse.reconciliation.PayerRuleOutcome;
import io.encaisse.reconciliation.PayerRuleView;
import io.encaisse.reconciliation.Reconciliation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Payer rules: proposed ones an operator accepts or rejects, and references configured for a customer's payments. */
@RestController
@Validated
class PayerRulesController {

    private static final String CUSTOMER_ID = "^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$";

    private final Reconciliation reconciliation;

    PayerRulesController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    record PayerRuleDto(UUID ruleId, String customerId, String kind, String value, String match, String status, String origin,
            UUID evidenceBankTransactionId, String evidence, int timesSeen, Instant createdAt, String createdBy, Instant decidedAt,
            String decidedBy, String decisionReason) {

        static PayerRuleDto of(PayerRuleView r) {
            return new PayerRuleDto(r.id(), r.customerRef(), r.kind().name(), r.value(), r.match(), r.status().name(),
                    r.origin().name(), r.evidenceTransaction(), r.evidence(), r.timesSeen(), r.createdAt(), r.createdBy(),
                    r.decidedAt(), r.decidedBy(), r.decisionReason());
        }
    }

    record Page(List<PayerRuleDto> items) {
    }

    record DecisionInput(@Size(max = 2000) String reason) {
    }

    record ReferenceInput(@NotBlank @Size(max = 255) String value, @Pattern(regexp = "EXACT|PREFIX|REGEX") String match,
            @Size(max = 2000) String note) {
    }

    @GetMapping("/api/v1/reconciliation/proposed-rules")
    Page list(@RequestParam(defaultValue = "PROPOSED") PayerRuleView.Status status,
            @RequestParam(required = false) @Pattern(regexp = CUSTOMER_ID) String customerId,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return new Page(reconciliation.payerRules(status, customerId, limit).stream().map(PayerRuleDto::of).toList());
    }

    @PostMapping("/api/v1/reconciliation/proposed-rules/{ruleId}/accept")
    PayerRuleDto accept(@PathVariable UUID ruleId, @RequestBody(required = false) @Valid DecisionInput input,
            HttpServletRequest request) {
        return PayerRuleDto.of(done(reconciliation.acceptRule(ruleId, input == null ? null : input.reason(),
                ApiKeyFilter.actor(request))).rule());
    }

    @PostMapping("/api/v1/reconciliation/proposed-rules/{ruleId}/reject")
    PayerRuleDto reject(@PathVariable UUID ruleId, @RequestBody(required = false) @Valid DecisionInput input,
            HttpServletRequest request) {
        return PayerRuleDto.of(done(reconciliation.rejectRule(ruleId, input == null ? null : input.reason(),
                ApiKeyFilter.actor(request))).rule());
    }

    @GetMapping("/api/v1/customers/{customerId}/payment-references")
    Page references(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId) {
        return new Page(reconciliation.payerRules(null, customerId, 100).stream()
                .filter(r -> r.kind() == PayerRuleView.Kind.REFERENCE).map(PayerRuleDto::of).toList());
    }

    @PostMapping("/api/v1/customers/{customerId}/payment-references")
    ResponseEntity<PayerRuleDto> addReference(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId,
            @RequestBody @Valid ReferenceInput input, HttpServletRequest request) {
        PayerRuleOutcome.Done done = done(reconciliation.configureReference(customerId, input.value(), input.match(), input.note(),
                ApiKeyFilter.actor(request)));
        return ResponseEntity.status(done.created() ? HttpStatus.CREATED : HttpStatus.OK).body(PayerRuleDto.of(done.rule()));
    }

    private static PayerRuleOutcome.Done done(PayerRuleOutcome outcome) {
        if (outcome instanceof PayerRuleOutcome.Done d) {
            return d;
        }
        if (outcome instanceof PayerRuleOutcome.NotFound n) {
            throw new ProblemHandler.NotFound(n.detail());
        }
        if (outcome instanceof PayerRuleOutcome.Rejected r) {
            throw new RuleRejected(r.detail());
        }
        throw new ProblemHandler.Conflict("payer-rule-conflict", ((PayerRuleOutcome.Conflict) outcome).detail(), Map.of());
    }

    @ExceptionHandler(RuleRejected.class)
    ProblemDetail rejected(RuleRejected e) {
        return ProblemHandler.problem(HttpStatus.UNPROCESSABLE_ENTITY, "payment-reference-rejected", "Payment reference rejected",
                e.getMessage());
    }

    /** The reference is not valid (a regular expression that does not compile, an unknown customer): nothing written. */
    static final class RuleRejected extends RuntimeException {
        RuleRejected(String message) {
            super(message);
        }
    }
}
