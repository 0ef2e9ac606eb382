package io.encaisse.bank.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The set that lets the direct COPY number a line "#1": "first" must be exact, "maybe not" is always safe. */
class FirstSeenTest {

    @Test
    void saysFirstOnceForEachHashAcrossGrowth() {
        DirectEntries.FirstSeen seen = new DirectEntries.FirstSeen();
        SplittableRandom r = new SplittableRandom(7);
        long[] hashes = new long[100_000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = r.nextLong();
            assertThat(seen.first(hashes[i])).as("new hash %d", i).isTrue();
        }
        for (int i = 0; i < hashes.length; i++) {
            assertThat(seen.first(hashes[i])).as("repeated hash %d", i).isFalse();
        }
        // 0 is the empty slot's value: stored as another value, still exact for itself
        assertThat(seen.first(0)).isTrue();
        assertThat(seen.first(0)).isFalse();
    }

    @Test
    void onceFullEveryLineIsMaybeNotFirst() {
        DirectEntries.FirstSeen seen = new DirectEntries.FirstSeen();
        long accepted = 0;
        for (long h = 1; h <= 2_200_000; h++) {
            if (seen.first(h * 0x9E3779B97F4A7C15L)) {
                accepted++;
            }
        }
        // at most half of the 4M slots: the rest goes to the staging path, numbered in SQL
        assertThat(accepted).isEqualTo(1 << 21);
        assertThat(seen.first(0x1234_5678_9ABC_DEF0L)).isFalse();
        assertThat(seen.first(1 * 0x9E3779B97F4A7C15L)).isFalse();
    }
}
