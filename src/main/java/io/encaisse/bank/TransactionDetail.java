package io.encaisse.bank;

import java.math.BigDecimal;
import java.util.List;

/** One transaction inside a bank entry (camt TxDtls; a batch entry has several). */
public record TransactionDetail(
        BigDecimal amount,
        String currency,
        String endToEndId,
        String instructionId,
        String mandateId,
        String counterpartyName,
        String counterpartyIban,
        String counterpartyBic,
        List<String> unstructured,
        List<StructuredReference> structuredReferences,
        String returnReason) {

    public record StructuredReference(String type, String issuer, String reference) {
    }
}
