package io.encaisse.invoices.internal.erp.files;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader with a configurable delimiter: fields in double quotes may hold the delimiter, line breaks and
 * doubled quotes; CRLF, LF and CR all end a record; a byte-order mark at the start is dropped. Streams: one record in
 * memory at a time. {@link #line()} is the physical line on which the last record returned started (1-based), so a
 * report can point at the line a person sees in an editor.
 */
public final class CsvReader implements AutoCloseable {

    /** A record longer than this is a broken file (an unbalanced quote), not data. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private int physicalLine = 1;
    private int recordLine;
    private int pending = -2;
    private boolean first = true;

    public CsvReader(Reader in, char delimiter, char quote) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    public int line() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the input. A blank line is an empty list. */
    public List<String> next() throws IOException {
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        recordLine = physicalLine;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int length = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean any = false;
        while (true) {
            if (++length > MAX_RECORD_CHARS) {
                throw new CsvException(recordLine, "a record longer than " + MAX_RECORD_CHARS
                        + " characters (an unbalanced quote?)");
            }
            if (quoted) {
                if (c == -1) {
                    throw new CsvException(recordLine, "a quoted field is not closed before the end of the file");
                }
                if (c == quote) {
                    int n = read();
                    if (n == quote) {
                        field.append(quote);
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n' || c == '\r' && peekNotLf()) {
                        physicalLine++;
                    }
                    field.append((char) c);
                }
                c = read();
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                if (c != -1) {
                    physicalLine++;
                }
                if (any || field.length() > 0 || wasQuoted || !fields.isEmpty()) {
                    fields.add(field.toString());
                }
                return fields;
            }
            any = true;
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == quote && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private boolean peekNotLf() throws IOException {
        int n = read();
        unread(n);
        return n != '\n';
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pending = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file is not CSV as the profile describes it: the whole file is rejected. */
    public static final class CsvException extends IOException {
        public CsvException(int line, String message) {
            super("Line " + line + ": " + message);
        }
    }
}
