package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountToleranceTest {

    private final AmountTolerance tolerance = new AmountTolerance(new BigDecimal("1.00"), new BigDecimal("0.5"));

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    @Test
    void aSmallShortfallIsTreatedAsBankCharges() {
        AmountTolerance.WriteOff w = tolerance.assess(eur("199.70"), eur("200.00"), null).orElseThrow();
        assertThat(w.writeOff()).isEqualTo(eur("0.30"));
        assertThat(w.reason()).startsWith("difference of 0.30 EUR treated as bank charges");
        assertThat(w.reportedByBank()).isFalse();
    }

    @Test
    void bothLimitsApply() {
        assertThat(tolerance.assess(eur("98.99"), eur("100.00"), null)).isEmpty(); // 1.01 > 1.00
        assertThat(tolerance.assess(eur("99.50"), eur("100.00"), null)).isPresent(); // 0.50 = 0.5 %
        assertThat(tolerance.assess(eur("99.40"), eur("100.00"), null)).isEmpty(); // 0.60 > 0.5 % of 100
        assertThat(tolerance.assess(eur("100.00"), eur("100.00"), null)).isEmpty();
        assertThat(tolerance.assess(eur("100.30"), eur("100.00"), null)).isEmpty(); // overpayments are never written off
        assertThat(tolerance.assess(Money.of("99.90", "USD"), eur("100.00"), null)).isEmpty();
        assertThat(AmountTolerance.NONE.assess(eur("99.99"), eur("100.00"), null)).isEmpty();
    }

    @Test
    void theBanksReportedChargesExplainTheirExactDifference() {
        AmountTolerance.WriteOff w = tolerance.assess(eur("985.00"), eur("1000.00"), eur("15.00")).orElseThrow();
        assertThat(w.writeOff()).isEqualTo(eur("15.00"));
        assertThat(w.reportedByBank()).isTrue();
        assertThat(w.reason()).contains("bank charges the bank reported");
    }
}
