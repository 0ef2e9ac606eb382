package io.encaisse.reconciliation;

import io.encaisse.bank.BankEntryId;
import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * @param returnReason RETURN rows: the bank's reason code
 * @param originalTransactionId RETURN rows: the credit it took back, once found
 * @param returnedBy CREDIT rows: the return that took the money back
 * @param audit who created and reversed its allocations, oldest first
 * @param suggestions SUGGESTED rows: the candidates found, best first (empty otherwise)
 */
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
        Instant createdAt,
        TransactionKind kind,
        String returnReason,
        BankTransactionId originalTransactionId,
        BankTransactionId returnedBy,
        List<AllocationEventView> audit,
        List<SuggestionView> suggestions) {
}
