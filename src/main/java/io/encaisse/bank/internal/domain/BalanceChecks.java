package io.encaisse.bank.internal.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The two balance checks of a statement: within itself, and against the account's previous statement. */
public final class BalanceChecks {
    private BalanceChecks() {
    }

    public enum Status {
        OK, BREAK, UNKNOWN, NOT_APPLICABLE
    }

    /** A signed balance; {@code currency} may be null when the bank left it out. */
    public record Amount(BigDecimal signed, String currency) {
    }

    /** @param expected what the balance should be, {@code actual} what the bank reported; both null unless compared */
    public record Result(Status status, BigDecimal expected, BigDecimal actual, String currency, String note) {
        public boolean isBreak() {
            return status == Status.BREAK;
        }
    }

    /** The closing balance of the account's statement just before, as the previous statement stated it. */
    public record PreviousClosing(String statementRef, LocalDate asOf, Amount closing) {
    }

    /** opening + credits - debits = closing; UNKNOWN without both balances in the entries' one currency. */
    public static Result withinStatement(Amount opening, Amount closing, BigDecimal credits, BigDecimal debits,
            boolean entriesInOtherCurrency) {
        if (opening == null || closing == null || entriesInOtherCurrency || opening.currency() == null
                || !opening.currency().equals(closing.currency())) {
            return new Result(Status.UNKNOWN, null, null, null, null);
        }
        BigDecimal expected = opening.signed().add(credits).subtract(debits);
        if (expected.compareTo(closing.signed()) == 0) {
            return new Result(Status.OK, expected, closing.signed(), closing.currency(), null);
        }
        return new Result(Status.BREAK, expected, closing.signed(), closing.currency(),
                "Opening balance " + plain(opening.signed()) + " + credits " + plain(credits) + " - debits " + plain(debits)
                        + " = " + plain(expected) + " " + closing.currency() + ", but the closing balance is "
                        + plain(closing.signed()) + " (difference " + plain(closing.signed().subtract(expected)) + ")");
    }

    /**
     * This statement's opening balance against the previous statement's closing balance (same account and currency).
     * Only end-of-day statements carry balances that chain; intraday reports and notifications do not.
     */
    public static Result continuity(boolean chainingFormat, Amount opening, PreviousClosing previous) {
        if (!chainingFormat) {
            return new Result(Status.NOT_APPLICABLE, null, null, null, null);
        }
        if (opening == null || previous == null || previous.closing() == null || opening.currency() == null
                || !opening.currency().equals(previous.closing().currency())) {
            return new Result(Status.UNKNOWN, null, null, null, null);
        }
        BigDecimal expected = previous.closing().signed();
        if (expected.compareTo(opening.signed()) == 0) {
            return new Result(Status.OK, expected, opening.signed(), opening.currency(), null);
        }
        return new Result(Status.BREAK, expected, opening.signed(), opening.currency(),
                "Opening balance " + plain(opening.signed()) + " " + opening.currency()
                        + " is not the closing balance " + plain(expected) + " of the previous statement "
                        + previous.statementRef() + (previous.asOf() == null ? "" : " (" + previous.asOf() + ")")
                        + ": " + plain(opening.signed().subtract(expected)) + " unaccounted for, a statement may be missing");
    }

    private static String plain(BigDecimal b) {
        return b.stripTrailingZeros().toPlainString();
    }
}
