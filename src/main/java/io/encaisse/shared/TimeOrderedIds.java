package io.encaisse.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUIDs laid out as RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. Rows inserted together get
 * neighbouring keys, so a primary key index appends to its right edge instead of touching a random page per row (what
 * a bulk load of random v4 ids costs once the index outgrows the cache). Still unguessable enough for ids that are never
 * secrets: 74 random bits.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static UUID next(Clock clock) {
        return at(clock.millis());
    }

    static UUID at(long millis) {
        long rand = RANDOM.nextLong();
        long high = (millis << 16) | 0x7000L | ((rand >>> 52) & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
