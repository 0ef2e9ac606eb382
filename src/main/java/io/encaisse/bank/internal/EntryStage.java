package io.encaisse.bank.internal;

import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.parser.ParsedEntry;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Streams one statement's lines into the import's staging table with PostgreSQL COPY (text format), in a buffer of
 * fixed size: memory does not grow with the statement. Text fields are escaped as COPY's text format wants (backslash,
 * tab, newline, carriage return), absent values are {@code \N}; JSON comes as UTF-8 bytes from Jackson, which already
 * escapes control characters, so only its backslashes need doubling.
 */
final class EntryStage {

    /** Where the COPY data goes: the connection's COPY stream in production. */
    interface Target {
        void write(byte[] buffer, int length) throws SQLException;

        /** Ends the COPY; returns the number of rows the database received. */
        long end() throws SQLException;

        void cancel() throws SQLException;
    }

    /** The staging table's columns, in COPY order. */
    static final String COLUMNS = "entry_index, base, basis, amount, currency, credit, reversal, status, booking_date, value_date,"
            + " account_servicer_ref, entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily, bank_tx_proprietary,"
            + " additional_info, details, detail_count, charges, amount_details";

    private static final byte[] NULL = {'\\', 'N'};
    private final Target target;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private boolean open = true;

    EntryStage(Target target) {
        this.target = target;
    }

    void add(ParsedEntry e, EntryIdentity.Base base, byte[] details, int detailCount, byte[] charges, byte[] amountDetails)
            throws SQLException {
        number(e.index());
        tab();
        text(base.value());
        tab();
        text(base.basis().name());
        tab();
        ascii(e.amount().toPlainString());
        tab();
        text(e.currency());
        tab();
        ascii(e.credit() ? "t" : "f");
        tab();
        ascii(e.reversal() ? "t" : "f");
        tab();
        text(e.status());
        tab();
        date(e.bookingDate());
        tab();
        date(e.valueDate());
        tab();
        text(truncate(e.accountServicerRef(), 128));
        tab();
        text(truncate(e.entryRef(), 128));
        tab();
        text(truncate(e.bankTxDomain(), 8));
        tab();
        text(truncate(e.bankTxFamily(), 8));
        tab();
        text(truncate(e.bankTxSubFamily(), 8));
        tab();
        text(truncate(e.bankTxProprietary(), 128));
        tab();
        text(e.additionalInfo());
        tab();
        json(details);
        tab();
        number(detailCount);
        tab();
        json(charges);
        tab();
        json(amountDetails);
        put((byte) '\n');
    }

    /** Ends the COPY; returns the number of rows staged. */
    long finish() throws SQLException {
        flush();
        open = false;
        return target.end();
    }

    /** Abandons the COPY (the transaction is being rolled back); safe to call more than once. */
    void cancel() throws SQLException {
        if (open) {
            open = false;
            target.cancel();
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private void tab() throws SQLException {
        put((byte) '\t');
    }

    private void number(int n) throws SQLException {
        ascii(Integer.toString(n));
    }

    private void date(LocalDate d) throws SQLException {
        if (d == null) {
            raw(NULL);
        } else {
            ascii(d.toString());
        }
    }

    private void ascii(String s) throws SQLException {
        ensure(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] b) throws SQLException {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void json(byte[] b) throws SQLException {
        if (b == null) {
            raw(NULL);
            return;
        }
        for (byte x : b) {
            if (x == '\\') {
                put((byte) '\\');
            }
            put(x);
        }
    }

    /** UTF-8 with COPY text escapes. */
    private void text(String s) throws SQLException {
        if (s == null) {
            raw(NULL);
            return;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        put((byte) '\\');
                        put((byte) '\\');
                    }
                    case '\t' -> {
                        put((byte) '\\');
                        put((byte) 't');
                    }
                    case '\n' -> {
                        put((byte) '\\');
                        put((byte) 'n');
                    }
                    case '\r' -> {
                        put((byte) '\\');
                        put((byte) 'r');
                    }
                    default -> put((byte) c);
                }
            } else if (c < 0x800) {
                put((byte) (0xC0 | (c >> 6)));
                put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put((byte) (0xF0 | (cp >> 18)));
                put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                put((byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                put((byte) '?'); // a lone surrogate cannot be encoded (the XML reader does not produce one)
            } else {
                put((byte) (0xE0 | (c >> 12)));
                put((byte) (0x80 | ((c >> 6) & 0x3F)));
                put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    private void put(byte b) throws SQLException {
        if (pos == buf.length) {
            flush();
        }
        buf[pos++] = b;
    }

    private void ensure(int n) throws SQLException {
        if (pos + n > buf.length) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (pos > 0) {
            target.write(buf, pos);
            pos = 0;
        }
    }
}
