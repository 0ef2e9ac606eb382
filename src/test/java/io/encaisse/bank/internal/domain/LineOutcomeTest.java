package io.encaisse.bank.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineOutcomeTest {

    @Test
    void aBookingOfAPendingTransactionIsNewMoney() {
        assertThat(LineOutcome.ofRepeat("PDNG", 1, "BOOK", 1)).isEqualTo(LineOutcome.BOOKED);
        assertThat(LineOutcome.BOOKED.isNewMoney()).isTrue();
    }

    @Test
    void aRepeatedBookingIsNotNewMoney() {
        assertThat(LineOutcome.ofRepeat("BOOK", 1, "BOOK", 1)).isEqualTo(LineOutcome.SEEN_AGAIN);
        assertThat(LineOutcome.ofRepeat("BOOK", 1, "PDNG", 1)).isEqualTo(LineOutcome.SEEN_AGAIN);
        // no status counts as booked, as reconciliation reads it
        assertThat(LineOutcome.ofRepeat(null, 0, "BOOK", 0)).isEqualTo(LineOutcome.SEEN_AGAIN);
        assertThat(LineOutcome.SEEN_AGAIN.isNewMoney()).isFalse();
    }

    @Test
    void richerDetailsOfABookedTransactionAreAttachedNotBooked() {
        assertThat(LineOutcome.ofRepeat("BOOK", 0, "BOOK", 3)).isEqualTo(LineOutcome.DETAILED);
        assertThat(LineOutcome.DETAILED.isNewMoney()).isFalse();
        assertThat(LineOutcome.detailsReplace(3, 1)).isFalse();
    }
}
