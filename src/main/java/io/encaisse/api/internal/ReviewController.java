package io.encaisse.api.internal;

import io.encaisse.reconciliation.AllocationId;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.ManualAllocationLine;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.reconciliation.ReviewOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A person's review of bank transactions: allocate an unmatched credit by hand, undo an allocation. */
@RestController
@Validated
class ReviewController {

    private final Reconciliation reconciliation;

    ReviewController(Reconciliation reconciliation, BankController transactions) {
        this.reconciliation = reconciliation;
        this.transactions = transactions;
    }

    private final BankController transactions;

    record AllocationLineInput(@NotBlank @Size(max = 64) String invoiceNumber, @NotNull BigDecimal amount) {
    }

    record ManualAllocationInput(@NotEmpty @Size(max = 100) List<@Valid @NotNull AllocationLineInput> allocations,
                                 @Size(max = 2000) String note) {
    }

    @PostMapping("/api/v1/bank-transactions/{bankTransactionId}/allocations")
    ResponseEntity<BankController.TransactionDto> allocate(@PathVariable UUID bankTransactionId,
            @RequestBody @Valid ManualAllocationInput input, HttpServletRequest request) {
        List<ManualAllocationLine> lines = input.allocations().stream()
                .map(l -> new ManualAllocationLine(l.invoiceNumber().strip(), l.amount())).toList();
        ReviewOutcome outcome = reconciliation.allocate(new BankTransactionId(bankTransactionId), lines, input.note(),
                ApiKeyFilter.actor(request));
        BankController.TransactionDto body = transactions.dtos(List.of(done(outcome).transaction())).get(0);
        return ResponseEntity.created(URI.create("/api/v1/bank-transactions/" + bankTransactionId)).body(body);
    }

    @DeleteMapping("/api/v1/bank-transactions/{bankTransactionId}/allocations/{allocationId}")
    ResponseEntity<Void> reverse(@PathVariable UUID bankTransactionId, @PathVariable UUID allocationId,
            @RequestParam(required = false) @Size(max = 2000) String reason, HttpServletRequest request) {
        done(reconciliation.reverseAllocation(new BankTransactionId(bankTransactionId), new AllocationId(allocationId), reason,
                ApiKeyFilter.actor(request)));
        return ResponseEntity.noContent().build();
    }

    private static ReviewOutcome.Done done(ReviewOutcome outcome) {
        if (outcome instanceof ReviewOutcome.Done d) {
            return d;
        }
        if (outcome instanceof ReviewOutcome.NotFound n) {
            throw new ProblemHandler.NotFound(n.detail());
        }
        if (outcome instanceof ReviewOutcome.Rejected r) {
            throw new AllocationRejected(r.detail());
        }
        throw new ProblemHandler.Conflict("allocation-conflict", ((ReviewOutcome.Conflict) outcome).detail(), java.util.Map.of());
    }

    @ExceptionHandler(AllocationRejected.class)
    ProblemDetail rejected(AllocationRejected e) {
        return ProblemHandler.problem(HttpStatus.UNPROCESSABLE_ENTITY, "allocation-rejected", "Allocation rejected", e.getMessage());
    }

    /** The allocation breaks a rule (amount, currency, unknown invoice, over-allocation): nothing was written. */
    static final class AllocationRejected extends RuntimeException {
        AllocationRejected(String message) {
            super(message);
        }
    }
}
