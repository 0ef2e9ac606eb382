package io.encaisse.bank.internal.parser;

import io.encaisse.bank.BankProperties;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Entry point: detects ISO 20022 camt.052/053/054 XML (plain or inside an AppHdr envelope) or MT940 text and streams
 * the statements to a {@link StatementSink}. Thread-safe; create one and reuse it.
 *
 * <p>Two camt entry binders, chosen by {@code encaisse.bank.parser}: FAST (default) reads each Ntry straight from the
 * StAX stream ({@link FastEntryBinder}); PROWIDE binds it with JAXB to Prowide's model class and maps that
 * ({@link EntryMapper}). Issue #3 named JAXB per entry as the means; its requirement is the speed (parse-only at least half
 * of a bare StAX pass), which JAXB binding cannot reach (it was 86 % of parse time). Both give the same entries, headers
 * and balances on the whole sample corpus ({@code BankSampleConformanceTest}); PROWIDE stays selectable as the
 * reference. Both run on the same hardened reader (no DOCTYPE, no entities). MT940 is read by {@link Mt940Parser}.
 */
public final class StatementParser {
    /** MT940 files are read into memory; they are small by nature. camt is streamed. */
    static final int MAX_MT940_BYTES = 64 * 1024 * 1024;
    private static final int PEEK = 1 << 16;

    private final boolean prowide;

    /** The default binder (FAST). */
    public StatementParser() {
        this(BankProperties.ParserMode.FAST);
    }

    public StatementParser(BankProperties.ParserMode mode) {
        this.prowide = Objects.requireNonNull(mode, "mode") == BankProperties.ParserMode.PROWIDE;
    }

    public ParseSummary parse(InputStream in, StatementSink sink) throws InvalidStatementException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        Warnings warnings = new Warnings();
        try {
            BufferedInputStream b = new BufferedInputStream(in, PEEK);
            b.mark(PEEK);
            byte[] head = b.readNBytes(PEEK);
            b.reset();
            int first = firstSignificant(head);
            if (first < 0) {
                if (head.length < PEEK) {
                    throw new InvalidStatementException("The file is empty");
                }
                throw new InvalidStatementException("Not a recognised bank statement: neither ISO 20022 XML nor MT940");
            }
            if (first == '<' || first == 0xFE || first == 0xFF || first == 0) {
                return new CamtParser(warnings, prowide).parse(b, sink);
            }
            byte[] all = b.readNBytes(MAX_MT940_BYTES + 1);
            if (all.length > MAX_MT940_BYTES) {
                throw new InvalidStatementException("The file is larger than " + MAX_MT940_BYTES
                        + " bytes, too large for an MT940 statement file");
            }
            String text = decode(all, warnings);
            if (!Mt940Parser.looksLikeMt940(text)) {
                throw new InvalidStatementException("Not a recognised bank statement: neither ISO 20022 XML nor MT940");
            }
            return new Mt940Parser(warnings).parse(text, sink);
        } catch (IOException e) {
            throw new InvalidStatementException("The file could not be read: " + e.getMessage(), e);
        }
    }

    /** First byte that is not whitespace or a UTF-8 byte order mark; -1 if none. */
    private static int firstSignificant(byte[] head) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        for (; i < head.length; i++) {
            int c = head[i] & 0xFF;
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c;
            }
        }
        return -1;
    }

    private static String decode(byte[] bytes, Warnings warnings) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            warnings.add("The file is not valid UTF-8; it was decoded as ISO-8859-1");
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
