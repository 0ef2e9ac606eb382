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

    private static final LocalDate D = LocalDate.of(2026, 11, 5);

    @Test
    void aHubPaymentTheErpBooksIsNotCountedTwice() {
        // the example: invoice 100, the hub applies 40 and posts it; the ERP books it and reports open 60
        InvoiceState applied = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D);
        assertThat(applied.openAmount()).isEqualTo(eur("60"));
        InvoiceState sent = applied.erpBooked(eur("40"));
        assertThat(sent.openAmount()).isEqualTo(eur("60"));
        assertThat(sent.withErpUpdate(eur("100"), eur("60"), false).openAmount()).isEqualTo(eur("60"));
        // ERP report before the hub's status update: a dip until the acknowledgement lands, then right again
        InvoiceState early = applied.withErpUpdate(eur("100"), eur("60"), false);
        assertThat(early.openAmount()).isEqualTo(eur("20"));
        assertThat(early.erpBooked(eur("40")).openAmount()).isEqualTo(eur("60"));
    }

    @Test
    void withoutAConnectorTheErpBooksTheSameBankPaymentItselfAndItCountsOnce() {
        // nothing is posted: the ERP's accountant reconciles the same bank statement and reports open 60
        InvoiceState applied = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D).bookedByErpItself(eur("40"));
        assertThat(applied.openAmount()).as("before the ERP books it").isEqualTo(eur("60"));
        assertThat(applied.withErpUpdate(eur("100"), eur("60"), false).openAmount()).isEqualTo(eur("60"));
        // without it the ERP's report would take the 40 off a second time
        assertThat(InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D)
                .withErpUpdate(eur("100"), eur("60"), false).openAmount()).isEqualTo(eur("20"));
        // a cash payment only the ERP has still lowers it
        assertThat(applied.withErpUpdate(eur("100"), eur("35"), false).openAmount()).isEqualTo(eur("35"));
        // the hub undoes its allocation: open again in its own view; the ERP's view stays what it last said
        InvoiceState undone = applied.reversePayment(eur("40")).bookedByErpItself(eur("-40"));
        assertThat(undone.openAmount()).isEqualTo(eur("100"));
        InvoiceState erpHadIt = applied.withErpUpdate(eur("100"), eur("60"), false).reversePayment(eur("40")).bookedByErpItself(eur("-40"));
        assertThat(erpHadIt.openAmount()).as("the ERP still holds that payment until it says otherwise").isEqualTo(eur("60"));
        assertThat(erpHadIt.withErpUpdate(eur("100"), eur("100"), false).openAmount()).isEqualTo(eur("100"));
        assertThat(undone.bookedByErpItself(eur("-5")).hubBooked()).isEqualTo(eur("0"));
    }

    @Test
    void anErpOnlyPaymentLowersTheOpenAmountOnce() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D).erpBooked(eur("40"));
        // cash 25 booked in the ERP only: the ERP reports 100 - 40 - 25
        InvoiceState cash = s.withErpUpdate(eur("100"), eur("35"), false);
        assertThat(cash.openAmount()).isEqualTo(eur("35"));
        // reported explicitly as well: still once
        assertThat(cash.withErpPayments(eur("25"), D).openAmount()).isEqualTo(eur("35"));
        // reported explicitly before the ERP's open amount moved: once, already
        assertThat(s.withErpPayments(eur("25"), D).openAmount()).isEqualTo(eur("35"));
        assertThat(s.withErpPayments(eur("25"), D).withErpUpdate(eur("100"), eur("35"), false).openAmount()).isEqualTo(eur("35"));
        // its cancellation reopens it
        assertThat(s.withErpPayments(eur("25"), D).withErpPayments(eur("0"), null).openAmount()).isEqualTo(eur("60"));
    }

    @Test
    void reversalsBeforeAndAfterTheErpUndoesThem() {
        InvoiceState booked = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D).erpBooked(eur("40"))
                .withErpUpdate(eur("100"), eur("60"), false);
        InvoiceState reversed = booked.reversePayment(eur("40"));
        assertThat(reversed.openAmount()).as("the ERP still holds our payment: the hub's view wins").isEqualTo(eur("100"));
        assertThat(reversed.withErpUpdate(eur("100"), eur("100"), false).openAmount()).isEqualTo(eur("100"));
        InvoiceState undone = reversed.erpBooked(eur("-40"));
        assertThat(undone.openAmount()).isEqualTo(eur("100"));
        assertThat(undone.withErpUpdate(eur("100"), eur("100"), false).openAmount()).isEqualTo(eur("100"));
        assertThatThrownBy(() -> undone.erpBooked(eur("-1"))).isInstanceOf(IllegalStateException.class);
        // a reversal never sent (the ERP never had it)
        InvoiceState unsent = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("40"), D).reversePayment(eur("40"));
        assertThat(unsent.openAmount()).isEqualTo(eur("100"));
    }

    @Test
    void creditNotesLowerTheInvoiceNeverBelowZeroAndTheRestIsCustomerCredit() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false).withCreditNoted(eur("30"));
        assertThat(s.openAmount()).isEqualTo(eur("70"));
        assertThat(s.unappliedCredit()).isEqualTo(eur("0"));
        // the ERP reconciled the credit note too: not counted twice
        assertThat(s.withErpUpdate(eur("100"), eur("70"), false).openAmount()).isEqualTo(eur("70"));
        // a bank payment of the rest: paid, no customer credit
        InvoiceState paid = s.applyPayment(eur("100"), D);
        assertThat(paid.openAmount()).isEqualTo(eur("0"));
        assertThat(paid.hubApplied()).isEqualTo(eur("70"));
        assertThat(paid.unappliedCredit()).isEqualTo(eur("0"));
        // a credit note larger than what is left: the invoice is settled, the rest is customer credit
        InvoiceState big = InvoiceState.fromErp(eur("100"), null, false).applyPayment(eur("80"), D).withCreditNoted(eur("50"));
        assertThat(big.openAmount()).isEqualTo(eur("0"));
        assertThat(big.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(big.unappliedCredit()).isEqualTo(eur("30"));
        // cancelled credit note: open again
        assertThat(big.withCreditNoted(eur("0")).openAmount()).isEqualTo(eur("20"));
        // a cancelled invoice absorbs nothing: all of it is customer credit
        assertThat(s.withErpUpdate(eur("100"), null, true).unappliedCredit()).isEqualTo(eur("30"));
    }

    @Test
    void anErpPaymentLargerThanTheRestLeavesTheCreditToTheCustomer() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false).withCreditNoted(eur("30")).withErpPayments(eur("100"), D);
        assertThat(s.openAmount()).isEqualTo(eur("0"));
        assertThat(s.unappliedCredit()).isEqualTo(eur("30"));
        assertThat(s.lastPaymentDate()).isEqualTo(D);
    }

    @Test
    void partsMustBeInTheInvoiceCurrencyAndNotNegative() {
        InvoiceState s = InvoiceState.fromErp(eur("100"), null, false);
        assertThatThrownBy(() -> s.withCreditNoted(Money.of("1", "USD"))).hasMessageContaining("Currency");
        assertThatThrownBy(() -> s.withErpPayments(eur("-1"), D)).hasMessageContaining("negative");
    }
}
