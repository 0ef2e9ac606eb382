package io.encaisse.invoices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One ERP file's import report.
 *
 * @param status IMPORTED (each row applied or rejected on its own) or REJECTED (the file as a whole, see reason)
 * @param rejections the rows the hub did not take (line 1 is the header); empty in lists
 */
public record ErpFileImportView(
        UUID id,
        String fileName,
        String profile,
        String kind,
        String status,
        String reason,
        int rowsRead,
        int created,
        int updated,
        int unchanged,
        int rejected,
        List<RowRejection> rejections,
        Instant receivedAt,
        Instant finishedAt) {

    public record RowRejection(int line, String key, String reason) {
    }
}
