package io.encaisse.bank;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;

/** A booked (or pending) line of a bank statement, with its transaction details. */
public record BankEntryView(
        BankEntryId id,
        BankStatementId statementId,
        Money amount,
        boolean credit,
        boolean reversal,
        String status,
        LocalDate bookingDate,
        LocalDate valueDate,
        String accountServicerRef,
        String additionalInfo,
        List<TransactionDetail> details) {
}
