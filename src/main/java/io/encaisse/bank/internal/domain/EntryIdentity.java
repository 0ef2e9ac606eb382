package io.encaisse.bank.internal.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The identity of a bank transaction within its account, the same whichever report carries it: the camt.052 that
 * announced it, the camt.053 that booked it, the camt.054 that detailed it, an MT940, or a re-delivery of any of them.
 *
 * <p>With the bank's own reference (AcctSvcrRef, MT940 :61: "//" reference) the key is that reference plus direction,
 * reversal flag, amount and currency: the bank gives one reference per booking, and the direction/amount parts keep a
 * reversal that reuses the original's reference apart. Without a usable reference it is the booking date (else the value
 * date) plus direction, reversal flag, amount and currency. Optional data (NtryRef, end-to-end ids, TxDtls) is left out
 * on purpose: one report has it and the other not (a camt.053 batch line carries no TxDtls, its camt.054 does), and a
 * key that depends on it would split one booking in two, i.e. count the money twice.
 *
 * <p>Every key ends with its ordinal among the statement's entries with the same base ("#1", "#2"): two identical lines
 * in one statement are two bookings (a statement never repeats a booking), and the n-th of them is the n-th in any other
 * report of the same day. Known limits: lines without a reference that are identical in date, amount and direction are
 * told apart only by their order, so two statements that each report a different one of them (a delta intraday report)
 * are taken as reporting the same one until a cumulative statement (the camt.053) shows both; a booking whose amount or
 * reference changes between the pending and the booked report is a second transaction (the pending one is never money,
 * so nothing is counted twice, but it stays PDNG); a report with a reference and another without it for the same
 * booking do not meet.
 */
public final class EntryIdentity {

    /** References that banks put where they have none. */
    private static final Set<String> NO_REFERENCE = Set.of("NOTPROVIDED", "NONREF", "NONE", "N/A", "NA");
    static final int MAX_REF = 140;

    public enum Basis {
        /** the bank's own reference of the booking */
        SERVICER_REF,
        /** booking date, amount and direction only */
        BOOKING
    }

    public record Key(String value, Basis basis) {
        public Key {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(basis, "basis");
        }
    }

    /** The facts a key is made of. {@code amount} is positive, the direction is {@code credit}. */
    public record Facts(String servicerRef, boolean credit, boolean reversal, BigDecimal amount, String currency,
            LocalDate bookingDate, LocalDate valueDate) {
        public Facts {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /** A key without its ordinal: the import appends "#n" in SQL (row_number() over the statement's lines of one base). */
    public record Base(String value, Basis basis) {
    }

    private final Map<String, Integer> seen = new HashMap<>();

    /**
     * One per statement: keys are handed out in the statement's entry order. Keeps one counter per base, so it grows
     * with the statement; the import uses {@link #base} and numbers the lines in the database instead.
     */
    public EntryIdentity() {
    }

    public Key next(Facts f) {
        Base b = base(f);
        int n = seen.merge(b.value(), 1, Integer::sum);
        return new Key(b.value() + ORDINAL + n, b.basis());
    }

    /** Separates a key's base from its ordinal within the statement. */
    public static final String ORDINAL = "#";

    /** The key of {@code f} without its ordinal. */
    public static Base base(Facts f) {
        String ref = usableRef(f.servicerRef());
        String movement = (f.credit() ? "C" : "D") + (f.reversal() ? "R" : "") + "|"
                + f.amount().stripTrailingZeros().toPlainString() + "|" + f.currency().toUpperCase(Locale.ROOT);
        String base;
        Basis basis;
        if (ref != null) {
            base = "R:" + ref + "|" + movement;
            basis = Basis.SERVICER_REF;
        } else {
            LocalDate day = f.bookingDate() != null ? f.bookingDate() : f.valueDate();
            base = "B:" + (day == null ? "-" : day.toString()) + "|" + movement;
            basis = Basis.BOOKING;
        }
        return new Base(base, basis);
    }

    static String usableRef(String ref) {
        if (ref == null) {
            return null;
        }
        String r = ref.strip();
        if (r.isEmpty() || NO_REFERENCE.contains(r.toUpperCase(Locale.ROOT))) {
            return null;
        }
        return r.length() > MAX_REF ? r.substring(0, MAX_REF) : r;
    }
}
