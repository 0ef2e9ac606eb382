package io.encaisse.reconciliation;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/** A bank credit could not be applied automatically: a person (or a later invoice) must settle it. */
public record PaymentUnmatched(
        BankTransactionId transactionId,
        Money amount,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String remittance,
        String reason,
        Instant occurredAt) {
}
