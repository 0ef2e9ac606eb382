package io.encaisse.bank.internal.parser;

import java.util.List;

/** Outcome of a successful parse; warnings list every non-fatal oddity. */
public record ParseSummary(String format, String messageVersion, int statements, int entries, List<String> warnings) {
    public ParseSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
