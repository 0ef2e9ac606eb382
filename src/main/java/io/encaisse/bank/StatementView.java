package io.encaisse.bank;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * @param balanceCheck OK when opening + entries = closing, BREAK when not, UNKNOWN without comparable balances
 * @param continuity OK when the opening balance is the closing balance of {@code previousStatementId} (the account's
 *                   statement just before this one, same currency), BREAK when not, UNKNOWN when there is none or a
 *                   balance is missing, NOT_APPLICABLE for intraday reports and notifications (camt.052/054)
 * @param balanceNote a sentence explaining a BREAK, null otherwise
 * @param newEntries lines of this statement that were new money (not a repeat of a transaction seen before)
 */
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
        String balanceCheck,
        String continuity,
        BankStatementId previousStatementId,
        String balanceNote,
        int newEntries) {
}
