package io.encaisse.bank;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

public record StatementView(
        BankStatementId id,
        String bankStatementId,
        Long electronicSequence,
        String format,
        String messageVersion,
        String account,
        String accountCurrency,
        Instant createdAtBank,
        LocalDate fromDate,
        LocalDate toDate,
        BigDecimal openingBalance,
        BigDecimal closingBalance,
        String balanceCurrency,
        int entries,
        String balanceCheck) {
}
