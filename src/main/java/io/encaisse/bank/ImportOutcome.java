package io.encaisse.bank;

import java.util.List;
import java.util.UUID;

/** The result of receiving one bank file: a value, whatever happened. */
public record ImportOutcome(
        UUID importId,
        String fileName,
        ImportStatus status,
        String reason,
        UUID duplicateOf,
        String format,
        String messageVersion,
        int statements,
        int entries,
        List<String> warnings) {

    public boolean rejected() {
        return status == ImportStatus.REJECTED;
    }

    public boolean duplicate() {
        return status == ImportStatus.DUPLICATE;
    }
}
