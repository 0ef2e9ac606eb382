package io.encaisse.bank;

import java.math.BigDecimal;
import java.util.List;

/**
 * One transaction inside a bank entry (camt TxDtls; a batch entry has several). The counterparty is the debtor of a
 * credit and the creditor of a debit; both parties are also given as such (fields added after returnReason).
 */
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
        String returnReason,
        String debtorName,
        String debtorIban,
        String creditorName,
        String creditorIban,
        String ultimateDebtorName,
        String ultimateCreditorName,
        String bankTxProprietary,
        AmountDetails amountDetails,
        Charges charges) {

    public record StructuredReference(String type, String issuer, String reference) {
    }
}
