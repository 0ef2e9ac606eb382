package io.encaisse.bank.internal.parser;

import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.Charges;
import java.math.BigDecimal;
import java.util.List;

/**
 * One camt TxDtls (MT940: one detail carrying the :86: text). The counterparty is the debtor of a credit and the
 * creditor of a debit; debtor and creditor are also kept as such.
 */
public record ParsedTxDetail(BigDecimal amount, String currency, String endToEndId, String instructionId, String mandateId,
        String accountServicerRef, String counterpartyName, String counterpartyIban, String counterpartyBic,
        List<String> unstructured, List<StructuredRef> structuredRefs, String returnReason,
        String debtorName, String debtorIban, String creditorName, String creditorIban,
        String ultimateDebtorName, String ultimateCreditorName, String bankTxProprietary,
        AmountDetails amountDetails, Charges charges) {
    public ParsedTxDetail {
        unstructured = unstructured == null ? List.of() : List.copyOf(unstructured);
        structuredRefs = structuredRefs == null ? List.of() : List.copyOf(structuredRefs);
    }

    /** Without parties, amount details and charges (MT940 has none). */
    public ParsedTxDetail(BigDecimal amount, String currency, String endToEndId, String instructionId, String mandateId,
            String accountServicerRef, String counterpartyName, String counterpartyIban, String counterpartyBic,
            List<String> unstructured, List<StructuredRef> structuredRefs, String returnReason) {
        this(amount, currency, endToEndId, instructionId, mandateId, accountServicerRef, counterpartyName, counterpartyIban,
                counterpartyBic, unstructured, structuredRefs, returnReason, null, null, null, null, null, null, null, null, null);
    }
}
