package io.encaisse.bank;

import java.math.BigDecimal;

/**
 * An imported statement's balances do not add up. The statement is imported all the same (a real bank file that
 * does not reconcile is reported, not rejected); this tells someone to look.
 *
 * @param expected what the balance should have been: opening + credits - debits for {@link Kind#STATEMENT},
 *                 the previous statement's closing balance for {@link Kind#CONTINUITY}
 * @param actual   the balance the bank reported: the closing balance, or this statement's opening balance
 * @param note     a sentence for a person
 */
public record BankBalanceBreakDetected(String account, BankStatementId statementId, BigDecimal expected, BigDecimal actual,
        String currency, Kind kind, String note) {

    public enum Kind {
        /** opening + entries != closing within the statement */
        STATEMENT,
        /** opening != closing of the account's previous statement */
        CONTINUITY
    }
}
