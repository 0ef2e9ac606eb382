package io.encaisse.bank.internal;

import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Rows in PostgreSQL COPY text format, written through a buffer of fixed size to a {@link EntryStage.Target}: memory
 * does not grow with the number of rows. Text fields are escaped as COPY's text format wants (backslash, tab, newline,
 * carriage return), absent values are {@code \N}; JSON comes as UTF-8 bytes from Jackson, which already escapes control
 * characters, so only its backslashes need doubling.
 */
final class CopyRows {

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final EntryStage.Target target;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long rows;

    CopyRows(EntryStage.Target target) {
        this.target = target;
    }

    EntryStage.Target target() {
        return target;
    }

    /** Rows ended so far. */
    long rows() {
        return rows;
    }

    void tab() throws SQLException {
        put((byte) '\t');
    }

    void endRow() throws SQLException {
        put((byte) '\n');
        rows++;
    }

    void nul() throws SQLException {
        raw(NULL);
    }

    void number(long n) throws SQLException {
        ascii(Long.toString(n));
    }

    void bool(boolean b) throws SQLException {
        put(b ? (byte) 't' : (byte) 'f');
    }

    void date(LocalDate d) throws SQLException {
        if (d == null) {
            nul();
        } else {
            ascii(d.toString());
        }
    }

    /** A uuid in its canonical text form, from its two halves. */
    void uuid(long msb, long lsb) throws SQLException {
        ensure(36);
        hex(msb >>> 32, 8);
        buf[pos++] = '-';
        hex(msb >>> 16, 4);
        buf[pos++] = '-';
        hex(msb, 4);
        buf[pos++] = '-';
        hex(lsb >>> 48, 4);
        buf[pos++] = '-';
        hex(lsb, 12);
    }

    private void hex(long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        pos += digits;
    }

    /** Text known to be ASCII without COPY's special characters (numbers, dates, codes). */
    void ascii(String s) throws SQLException {
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

    void json(byte[] b) throws SQLException {
        if (b == null) {
            nul();
            return;
        }
        // copied in runs between backslashes (rare in JSON), each doubled
        int from = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\') {
                bytes(b, from, i + 1 - from);
                put((byte) '\\');
                from = i + 1;
            }
        }
        bytes(b, from, b.length - from);
    }

    private void bytes(byte[] b, int from, int length) throws SQLException {
        while (length > 0) {
            if (pos == buf.length) {
                flush();
            }
            int n = Math.min(length, buf.length - pos);
            System.arraycopy(b, from, buf, pos, n);
            pos += n;
            from += n;
            length -= n;
        }
    }

    /** UTF-8 with COPY text escapes. */
    void text(String s) throws SQLException {
        if (s == null) {
            nul();
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

    void flush() throws SQLException {
        if (pos > 0) {
            target.write(buf, pos);
            pos = 0;
        }
    }
}
