package io.encaisse.reconciliation;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;

/** A return or reversal of a credit whose original credit was not found: a person must settle it. */
public record ReturnUnmatched(
        BankTransactionId transactionId,
        Money amount,
        String reasonCode,
        String endToEndId,
        String counterpartyName,
        String counterpartyIban,
        LocalDate bookingDate,
        String reason,
        Instant occurredAt) {
}
