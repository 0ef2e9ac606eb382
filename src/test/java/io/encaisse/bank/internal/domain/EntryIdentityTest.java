package io.encaisse.bank.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EntryIdentityTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private static EntryIdentity.Facts facts(String ref, boolean credit, String amount, LocalDate booking) {
        return new EntryIdentity.Facts(ref, credit, false, new BigDecimal(amount), "EUR", booking, booking);
    }

    @Test
    void theBanksReferenceIdentifiesTheBookingWhateverTheReportSays() {
        // camt.052 (pending, no booking date yet) and camt.053 (booked) of one booking: same reference, same key
        EntryIdentity.Key pending = new EntryIdentity().next(facts("ACSR-1", true, "100.00", null));
        EntryIdentity.Key booked = new EntryIdentity().next(facts("ACSR-1", true, "100.0", DAY));
        assertThat(booked).isEqualTo(pending);
        assertThat(booked.basis()).isEqualTo(EntryIdentity.Basis.SERVICER_REF);
    }

    @Test
    void directionAmountAndReversalKeepAReversalApartFromItsOriginal() {
        EntryIdentity.Key original = new EntryIdentity().next(facts("ACSR-1", true, "100.00", DAY));
        EntryIdentity.Key reversal = new EntryIdentity().next(
                new EntryIdentity.Facts("ACSR-1", false, true, new BigDecimal("100.00"), "EUR", DAY, DAY));
        EntryIdentity.Key otherAmount = new EntryIdentity().next(facts("ACSR-1", true, "100.01", DAY));
        assertThat(reversal).isNotEqualTo(original);
        assertThat(otherAmount).isNotEqualTo(original);
    }

    @Test
    void withoutReferenceTheBookingDateAmountAndDirectionAreTheKey() {
        EntryIdentity.Key a = new EntryIdentity().next(facts(null, true, "50", DAY));
        EntryIdentity.Key placeholder = new EntryIdentity().next(facts("NOTPROVIDED", true, "50.00", DAY));
        EntryIdentity.Key otherDay = new EntryIdentity().next(facts(null, true, "50", DAY.plusDays(1)));
        assertThat(a.basis()).isEqualTo(EntryIdentity.Basis.BOOKING);
        assertThat(placeholder).isEqualTo(a);
        assertThat(otherDay).isNotEqualTo(a);
    }

    @Test
    void theValueDateStandsInForAMissingBookingDate() {
        EntryIdentity.Key a = new EntryIdentity().next(new EntryIdentity.Facts(null, true, false, BigDecimal.TEN, "EUR", null, DAY));
        EntryIdentity.Key b = new EntryIdentity().next(new EntryIdentity.Facts(null, true, false, BigDecimal.TEN, "EUR", DAY, DAY));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void identicalLinesInOneStatementAreTwoBookingsMatchedByTheirOrderElsewhere() {
        EntryIdentity statement = new EntryIdentity();
        EntryIdentity.Key first = statement.next(facts(null, true, "50", DAY));
        EntryIdentity.Key second = statement.next(facts(null, true, "50", DAY));
        assertThat(second).isNotEqualTo(first);

        EntryIdentity redelivery = new EntryIdentity();
        assertThat(redelivery.next(facts(null, true, "50", DAY))).isEqualTo(first);
        assertThat(redelivery.next(facts(null, true, "50", DAY))).isEqualTo(second);
    }

    @Test
    void aReferenceReusedInOneStatementStillGivesTwoTransactions() {
        EntryIdentity statement = new EntryIdentity();
        assertThat(statement.next(facts("BATCH-7", true, "10", DAY)))
                .isNotEqualTo(statement.next(facts("BATCH-7", true, "10", DAY)));
    }
}
