package io.encaisse.bank.internal.parser;

import java.math.BigDecimal;
import java.util.List;

/** One camt TxDtls (MT940: one detail carrying the :86: text). */
public record ParsedTxDetail(BigDecimal amount, String currency, String endToEndId, String instructionId, String mandateId,
        String accountServicerRef, String counterpartyName, String counterpartyIban, String counterpartyBic,
        List<String> unstructured, List<StructuredRef> structuredRefs, String returnReason) {
    public ParsedTxDetail {
        unstructured = unstructured == null ? List.of() : List.copyOf(unstructured);
        structuredRefs = structuredRefs == null ? List.of() : List.copyOf(structuredRefs);
    }
}
