package io.encaisse.reconciliation;

import io.encaisse.bank.BankEntryId;
import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

public record TransactionView(
        BankTransactionId id,
        BankEntryId bankEntryId,
        Money amount,
        Money unapplied,
        LocalDate bookingDate,
        LocalDate valueDate,
        String counterpartyName,
        String counterpartyIban,
        String remittance,
        TransactionStatus status,
        String reason,
        List<AllocationView> allocations,
        Instant createdAt) {
}
