package io.encaisse.bank.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.bank.internal.domain.BalanceChecks.Amount;
import io.encaisse.bank.internal.domain.BalanceChecks.PreviousClosing;
import io.encaisse.bank.internal.domain.BalanceChecks.Status;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BalanceChecksTest {

    private static Amount eur(String v) {
        return new Amount(new BigDecimal(v), "EUR");
    }

    @Test
    void aStatementWhoseEntriesAddUpIsOk() {
        var r = BalanceChecks.withinStatement(eur("1000.00"), eur("1605.00"), new BigDecimal("990"), new BigDecimal("385"), false);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.note()).isNull();
    }

    @Test
    void aStatementWhoseEntriesDoNotAddUpIsABreakWithItsFigures() {
        var r = BalanceChecks.withinStatement(eur("1000.00"), eur("1700.00"), new BigDecimal("990"), new BigDecimal("385"), false);
        assertThat(r.status()).isEqualTo(Status.BREAK);
        assertThat(r.expected()).isEqualByComparingTo("1605");
        assertThat(r.actual()).isEqualByComparingTo("1700");
        assertThat(r.note()).contains("1605", "1700", "difference 95");
    }

    @Test
    void missingBalancesOrMixedCurrenciesCannotBeChecked() {
        assertThat(BalanceChecks.withinStatement(null, eur("1"), BigDecimal.ZERO, BigDecimal.ZERO, false).status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(BalanceChecks.withinStatement(eur("1"), eur("1"), BigDecimal.ZERO, BigDecimal.ZERO, true).status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(BalanceChecks.withinStatement(eur("1"), new Amount(BigDecimal.ONE, "CHF"), BigDecimal.ZERO, BigDecimal.ZERO,
                false).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void openingEqualToThePreviousClosingContinues() {
        var previous = new PreviousClosing("STMT-1", LocalDate.of(2026, 11, 19), eur("1605.00"));
        assertThat(BalanceChecks.continuity(true, eur("1605"), previous).status()).isEqualTo(Status.OK);
    }

    @Test
    void openingOtherThanThePreviousClosingIsABreakNamingThePreviousStatement() {
        var previous = new PreviousClosing("STMT-1", LocalDate.of(2026, 11, 19), eur("1605.00"));
        var r = BalanceChecks.continuity(true, eur("1500.00"), previous);
        assertThat(r.status()).isEqualTo(Status.BREAK);
        assertThat(r.expected()).isEqualByComparingTo("1605");
        assertThat(r.actual()).isEqualByComparingTo("1500");
        assertThat(r.note()).contains("STMT-1", "2026-11-19", "-105");
    }

    @Test
    void continuityNeedsAPreviousStatementInTheSameCurrencyAndAnEndOfDayFormat() {
        assertThat(BalanceChecks.continuity(true, eur("1"), null).status()).isEqualTo(Status.UNKNOWN);
        assertThat(BalanceChecks.continuity(true, eur("1"), new PreviousClosing("S", null, new Amount(BigDecimal.ONE, "CHF")))
                .status()).isEqualTo(Status.UNKNOWN);
        assertThat(BalanceChecks.continuity(false, eur("1"), new PreviousClosing("S", null, eur("2"))).status())
                .isEqualTo(Status.NOT_APPLICABLE);
    }
}
