package io.encaisse.bank;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record ImportView(
        UUID importId,
        String fileName,
        String fileSha256,
        long fileSize,
        String channel,
        Instant receivedAt,
        ImportStatus status,
        String reason,
        UUID duplicateOf,
        String format,
        String messageVersion,
        List<String> warnings,
        List<StatementView> statements) {
}
