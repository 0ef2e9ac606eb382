package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubsetSumTest {

    @Test
    void findsTheUniqueCombination() {
        assertThat(SubsetSum.find(new long[] {10000, 25050, 4000, 990}, 29050, 2)).containsExactly(List.of(1, 2));
    }

    @Test
    void stopsAtTheSecondCombinationAndIgnoresSingles() {
        assertThat(SubsetSum.find(new long[] {100, 200, 300}, 300, 5)).containsExactly(List.of(0, 1));
        assertThat(SubsetSum.find(new long[] {100, 200, 100, 200}, 300, 2)).hasSize(2);
        assertThat(SubsetSum.find(new long[] {100, 200}, 50, 2)).isEmpty();
    }

    @Test
    void isBoundedToTwentyAmounts() {
        long[] many = new long[21];
        java.util.Arrays.fill(many, 1);
        assertThat(SubsetSum.find(many, 2, 2)).isEmpty();
        long[] twenty = new long[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 1L << i;
        }
        assertThat(SubsetSum.find(twenty, (1L << 20) - 1, 2)).hasSize(1);
    }
}
