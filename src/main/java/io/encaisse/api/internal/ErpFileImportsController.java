package io.encaisse.api.internal;

import io.encaisse.invoices.ErpFileImportView;
import io.encaisse.invoices.ErpFileImports;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reports of the CSV files the ERP dropped (route invoices.erp-files). */
@RestController
@Validated
class ErpFileImportsController {

    private final ErpFileImports imports;

    ErpFileImportsController(ErpFileImports imports) {
        this.imports = imports;
    }

    record ImportDto(UUID importId, String fileName, String profile, String kind, String status, String reason, int rowsRead,
                     int created, int updated, int unchanged, int rejected, List<ErpFileImportView.RowRejection> rejections,
                     Instant receivedAt, Instant finishedAt) {
        static ImportDto of(ErpFileImportView v, boolean withRejections) {
            return new ImportDto(v.id(), v.fileName(), v.profile(), v.kind(), v.status(), v.reason(), v.rowsRead(), v.created(),
                    v.updated(), v.unchanged(), v.rejected(), withRejections ? v.rejections() : null, v.receivedAt(), v.finishedAt());
        }
    }

    record Page(List<ImportDto> items) {
    }

    @GetMapping("/api/v1/erp/file-imports")
    Page list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return new Page(imports.latest(limit).stream().map(v -> ImportDto.of(v, false)).toList());
    }

    @GetMapping("/api/v1/erp/file-imports/{importId}")
    ImportDto get(@PathVariable UUID importId) {
        return imports.find(importId).map(v -> ImportDto.of(v, true))
                .orElseThrow(() -> new ProblemHandler.NotFound("No ERP file import " + importId));
    }
}
