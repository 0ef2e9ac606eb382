package io.encaisse.invoices.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.shared.Money;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceStateTest {

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    @Test
    void paymentsReduceTheOpenAmountAndNeverBelowZero() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false);
        assertThat(s.status()).isEqualTo(InvoiceStatus.OPEN);
        InvoiceState partial = s.applyPayment(eur("40"), LocalDate.of(2026, 11, 1));
        assertThat(partial.openAmount()).isEqualTo(eur("60"));
        assertThat(partial.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        InvoiceState paid = partial.applyPayment(eur("100"), LocalDate.of(2026, 11, 2));
        assertThat(paid.openAmount()).isEqualTo(eur("0"));
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.lastPaymentDate()).isEqualTo(LocalDate.of(2026, 11, 2));
    }

    @Test
    void anErpUpdateMovesTheOpenAmountByItsOwnChangeOnly() {
        // the hub applied 40 from the bank; the ERP then reports a 10 card payment of its own (open 100 -> 90)
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), LocalDate.of(2026, 11, 1));
        InvoiceState after = s.withErpUpdate(eur("100"), eur("90"), false);
        assertThat(after.openAmount()).isEqualTo(eur("50"));
        // an amount correction upwards with no ERP payment
        assertThat(s.withErpUpdate(eur("120"), null, false).openAmount()).isEqualTo(eur("80"));
    }

    @Test
    void cancellationClosesAndReopeningRestores() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false);
        InvoiceState cancelled = s.withErpUpdate(eur("100"), null, true);
        assertThat(cancelled.status()).isEqualTo(InvoiceStatus.CANCELLED);
        assertThat(cancelled.openAmount()).isEqualTo(eur("0"));
        assertThat(cancelled.withErpUpdate(eur("100"), null, false).openAmount()).isEqualTo(eur("100"));
        assertThatThrownBy(() -> cancelled.applyPayment(eur("1"), LocalDate.of(2026, 1, 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsInconsistentInput() {
        assertThatThrownBy(() -> InvoiceState.fromErp(eur("100"), eur("150"), false)).hasMessageContaining("between 0");
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false);
        assertThatThrownBy(() -> s.withErpUpdate(Money.of("100", "USD"), null, false)).hasMessageContaining("currency");
        assertThatThrownBy(() -> s.applyPayment(eur("-1"), LocalDate.of(2026, 1, 1))).hasMessageContaining("positive");
    }

    @Test
    void aReversalReopensUpToTheAmount() {
        InvoiceState paid = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("100"), LocalDate.of(2026, 1, 1));
        assertThat(paid.reversePayment(eur("30")).status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(paid.reversePayment(eur("300")).openAmount()).isEqualTo(eur("100"));
    }
}
