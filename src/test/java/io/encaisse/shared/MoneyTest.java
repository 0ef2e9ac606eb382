package io.encaisse.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void keepsTheCurrencyScale() {
        assertThat(Money.of("12", "EUR").amount()).isEqualTo(new BigDecimal("12.00"));
        assertThat(Money.of("12", "JPY").amount()).isEqualTo(new BigDecimal("12"));
        assertThat(Money.of("1.5", "BHD").amount()).isEqualTo(new BigDecimal("1.500"));
        assertThat(Money.of("10.5000", "EUR").amount()).isEqualTo(new BigDecimal("10.50"));
    }

    @Test
    void neverRoundsSilently() {
        assertThatThrownBy(() -> Money.of("10.005", "EUR")).hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.of("10.5", "JPY")).hasMessageContaining("JPY");
        assertThatThrownBy(() -> Money.of("1", "XYZ")).hasMessageContaining("Unknown ISO 4217");
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "USD"))).hasMessageContaining("mismatch");
        assertThat(Money.of("1.10", "EUR").plus(Money.of("2.20", "EUR"))).isEqualTo(Money.of("3.30", "EUR"));
        assertThat(Money.of("5", "EUR").min(Money.of("3", "EUR"))).isEqualTo(Money.of("3", "EUR"));
    }
}
