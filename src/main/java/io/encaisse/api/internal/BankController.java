package io.encaisse.api.internal;

import io.encaisse.bank.BankStatements;
import io.encaisse.bank.ImportOutcome;
import io.encaisse.bank.ImportStatus;
import io.encaisse.bank.ImportView;
import io.encaisse.bank.StatementView;
import io.encaisse.reconciliation.AllocationEventView;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.reconciliation.SuggestionView;
import io.encaisse.reconciliation.TransactionKind;
import io.encaisse.reconciliation.TransactionStatus;
import io.encaisse.reconciliation.TransactionView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Bank statement files (imports) and the bank credits under reconciliation. */
@RestController
@Validated
class BankController {

    private final BankStatements bank;
    private final Reconciliation reconciliation;

    BankController(BankStatements bank, Reconciliation reconciliation, ErpPostings erpPostings) {
        this.bank = bank;
        this.reconciliation = reconciliation;
        this.erpPostings = erpPostings;
    }

    private final ErpPostings erpPostings;

    /** The transactions with where their allocations' postings to the ERP stand (one read for all of them). */
    List<TransactionDto> dtos(List<TransactionView> transactions) {
        Map<UUID, ErpPostings.ErpPostingDto> erp = erpPostings.of(transactions.stream().flatMap(t -> t.allocations().stream()).toList());
        return transactions.stream().map(t -> TransactionDto.of(t, erp)).toList();
    }

    record StatementDto(String statementId, String bankStatementId, Long electronicSequence, String account, String format,
                        String messageVersion, LocalDate fromDate, LocalDate toDate, BigDecimal openingBalance,
                        BigDecimal closingBalance, String balanceCurrency, int entries, int newEntries, String balanceCheck,
                        String continuity, String previousStatementId, String balanceNote) {
        static StatementDto of(StatementView s) {
            return new StatementDto(s.id().toString(), s.bankStatementId(), s.electronicSequence(), s.account(), s.format(),
                    s.messageVersion(), s.fromDate(), s.toDate(), s.openingBalance(), s.closingBalance(), s.balanceCurrency(),
                    s.entries(), s.newEntries(), s.balanceCheck(), s.continuity(),
                    s.previousStatementId() == null ? null : s.previousStatementId().toString(), s.balanceNote());
        }
    }

    record ImportDto(String importId, String fileName, String sha256, long size, String channel, Instant receivedAt,
                     ImportStatus status, String reason, String duplicateOf, String format, String messageVersion,
                     List<String> warnings, List<StatementDto> statements) {
        static ImportDto of(ImportView v) {
            return new ImportDto(v.importId().toString(), v.fileName(), v.fileSha256(), v.fileSize(), v.channel(), v.receivedAt(),
                    v.status(), v.reason(), v.duplicateOf() == null ? null : v.duplicateOf().toString(), v.format(),
                    v.messageVersion(), v.warnings(), v.statements().stream().map(StatementDto::of).toList());
        }
    }

    record Page<T>(List<T> items, String nextCursor) {
    }

    record AllocationDto(String allocationId, String invoiceNumber, BigDecimal amount, String currency, String rule,
                         String explanation, Instant createdAt, Instant reversedAt, String reversalReason, BigDecimal writeOff,
                         BigDecimal bankAmount, String bankCurrency, BigDecimal exchangeRate, ErpPostings.ErpPostingDto erp) {
        static AllocationDto of(AllocationView a, Map<UUID, ErpPostings.ErpPostingDto> erp) {
            boolean converted = a.exchangeRate() != null;
            return new AllocationDto(a.id().toString(), a.invoiceNumber().value(), a.amount().amount(), a.amount().currency(),
                    a.rule(), a.explanation(), a.createdAt(), a.reversedAt(), a.reversalReason(),
                    a.writeOff() == null || a.writeOff().isZero() ? null : a.writeOff().amount(),
                    converted ? a.bankAmount().amount() : null, converted ? a.bankAmount().currency() : null,
                    converted ? a.exchangeRate().stripTrailingZeros() : null, erp.get(a.id().value()));
        }
    }

    record SuggestionLineDto(String invoiceNumber, String customerId, BigDecimal amount, BigDecimal writeOff, String currency) {
    }

    record SuggestionDto(int rank, String rule, int score, List<SuggestionLineDto> allocations, BigDecimal unapplied,
                         String currency, String explanation, SuggestionView.Evidence evidence) {
        static SuggestionDto of(SuggestionView v) {
            return new SuggestionDto(v.rank(), v.rule(), v.score(), v.allocations().stream()
                    .map(l -> new SuggestionLineDto(l.invoiceNumber().value(), l.customer().value(), l.amount().amount(),
                            l.writeOff().amount(), l.amount().currency())).toList(),
                    v.unapplied().amount(), v.unapplied().currency(), v.explanation(), v.evidence());
        }
    }

    record AuditDto(String allocationId, String invoiceNumber, BigDecimal amount, String currency, String action, String actor,
                    String reason, Instant at) {
        static AuditDto of(AllocationEventView e) {
            return new AuditDto(e.allocationId().toString(), e.invoiceNumber().value(), e.amount().amount(), e.amount().currency(),
                    e.action().name(), e.actor(), e.reason(), e.at());
        }
    }

    record TransactionDto(String bankTransactionId, String bankEntryId, BigDecimal amount, BigDecimal unapplied, String currency,
                          LocalDate bookingDate, LocalDate valueDate, String counterpartyName, String counterpartyIban,
                          String remittance, TransactionStatus status, String reason, List<AllocationDto> allocations,
                          Instant createdAt, TransactionKind kind, String returnReason, String originalTransactionId,
                          String returnedByTransactionId, List<AuditDto> audit, List<SuggestionDto> suggestions) {
        static TransactionDto of(TransactionView t, Map<UUID, ErpPostings.ErpPostingDto> erp) {
            return new TransactionDto(t.id().toString(), t.bankEntryId().toString(), t.amount().amount(), t.unapplied().amount(),
                    t.amount().currency(), t.bookingDate(), t.valueDate(), t.counterpartyName(), t.counterpartyIban(),
                    t.remittance(), t.status(), t.reason(), t.allocations().stream().map(a -> AllocationDto.of(a, erp)).toList(),
                    t.createdAt(), t.kind(), t.returnReason(),
                    t.originalTransactionId() == null ? null : t.originalTransactionId().toString(),
                    t.returnedBy() == null ? null : t.returnedBy().toString(), t.audit().stream().map(AuditDto::of).toList(),
                    t.suggestions().stream().map(SuggestionDto::of).toList());
        }
    }

    @GetMapping("/api/v1/bank-statements")
    Page<ImportDto> imports(@RequestParam(required = false) ImportStatus status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) UUID cursor) {
        List<ImportView> page = bank.imports(status, limit, cursor);
        String next = page.size() == limit ? page.get(page.size() - 1).importId().toString() : null;
        return new Page<>(page.stream().map(ImportDto::of).toList(), next);
    }

    @GetMapping("/api/v1/bank-statements/{importId}")
    ImportDto importById(@PathVariable UUID importId) {
        return bank.importById(importId).map(ImportDto::of)
                .orElseThrow(() -> new ProblemHandler.NotFound("No bank statement import " + importId));
    }

    /** The raw file as the body: same import as the inbox, other channel. */
    @PostMapping(value = "/api/v1/bank-statements", consumes = "*/*")
    ResponseEntity<ImportDto> upload(HttpServletRequest request,
            @RequestHeader(value = "Content-Disposition", required = false) String disposition,
            @RequestParam(value = "fileName", required = false) String fileName) throws IOException {
        String name = fileName != null ? fileName : fileNameOf(disposition);
        ImportOutcome outcome;
        try (InputStream in = request.getInputStream()) {
            outcome = bank.importFile(name, "api", in);
        }
        ImportView view = bank.importById(outcome.importId()).orElseThrow();
        return switch (outcome.status()) {
            case IMPORTED -> ResponseEntity.created(URI.create("/api/v1/bank-statements/" + outcome.importId()))
                    .body(ImportDto.of(view));
            case DUPLICATE -> throw new ProblemHandler.Conflict("duplicate-statement", outcome.reason(), Map.of(
                    "importId", outcome.importId().toString(),
                    "duplicateOf", String.valueOf(outcome.duplicateOf()),
                    "earlierImport", "/api/v1/bank-statements/" + outcome.duplicateOf()));
            case REJECTED -> throw new Rejected(outcome);
        };
    }

    @GetMapping("/api/v1/bank-transactions")
    Page<TransactionDto> transactions(@RequestParam(required = false) TransactionStatus status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) UUID cursor) {
        List<TransactionView> page = reconciliation.transactions(status, limit, cursor == null ? null : new BankTransactionId(cursor));
        String next = page.size() == limit ? page.get(page.size() - 1).id().toString() : null;
        return new Page<>(dtos(page), next);
    }

    @GetMapping("/api/v1/bank-transactions/{bankTransactionId}")
    TransactionDto transaction(@PathVariable UUID bankTransactionId) {
        return reconciliation.transaction(new BankTransactionId(bankTransactionId)).map(t -> dtos(List.of(t)).get(0))
                .orElseThrow(() -> new ProblemHandler.NotFound("No bank transaction " + bankTransactionId));
    }

    private static String fileNameOf(String disposition) {
        if (disposition != null) {
            int i = disposition.indexOf("filename=");
            if (i >= 0) {
                return disposition.substring(i + 9).replace("\"", "").trim();
            }
        }
        return "upload-" + UUID.randomUUID() + ".xml";
    }

    /** A file that is not a usable statement: 422 with the reason and the import record. */
    static final class Rejected extends RuntimeException {
        final ImportOutcome outcome;

        Rejected(ImportOutcome outcome) {
            super(outcome.reason());
            this.outcome = outcome;
        }
    }
}
