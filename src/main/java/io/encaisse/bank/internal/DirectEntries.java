package io.encaisse.bank.internal;

import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.shared.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A statement's lines written straight into {@code bank_entry} (COPY), for a statement none of whose lines can be known
 * yet ({@link BankStore#directPossible}): each row is written once, while PostgreSQL stores the rows as the parser
 * reads them. A line's identity is computed here as the set-based merge computes it: the first line of its base in the
 * statement has ordinal 1. A line that may repeat an earlier line's base (its base's hash was seen in this statement,
 * or the set of seen hashes is full) is not numbered here: it goes to a spool in the staging table's format and is
 * merged set-based after the COPY, numbered after the base's first line ({@link BankStore#finishDirect}). The rows go
 * to the database from another thread ({@link CopyPipeline}) in batches of {@link #BATCH}: a batch's entries, then its
 * lines ({@code bank_entry_line}, one COPY at a time per connection), while the parser reads the next batch. Memory is
 * bounded: the pipeline's buffers, one batch's lines (about 2 MB) and the set of seen hashes (at most 32 MB).
 *
 * <p>If a line's transaction exists already after all (a unique violation of its identity hash), the COPY fails and
 * the import is redone with the staging path ({@link StatementImporter}).
 */
final class DirectEntries implements AutoCloseable {

    /** The {@code bank_entry} columns of the COPY, in order. */
    static final String ENTRY_COLUMNS = "id, account_key, identity_key, identity_hash, identity_basis, statement_id, entry_index,"
            + " first_statement_id, amount, currency, credit, reversal, status, booking_date, value_date, account_servicer_ref,"
            + " entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily, bank_tx_proprietary, additional_info, details,"
            + " charges, amount_details";
    static final String LINE_COLUMNS = "statement_id, entry_index, entry_id, status, outcome";

    /** Lines per COPY batch: a batch's lines are copied while the parser reads the next batch. */
    static final int BATCH = 20_000;

    private final CopyPipeline pipeline;
    private final CopyRows entries;
    private LineBuffer lineBuffer = new LineBuffer();
    private CopyRows lines = new CopyRows(lineBuffer);
    private int batched;
    private SpoolFile maybeFile;
    private EntryStage maybe;
    private long maybeRows;
    private final String account;
    private final String statement;
    private final byte[] hashPrefix;
    private final MessageDigest sha = Hashes.sha256();
    private final FirstSeen seen = new FirstSeen();
    private final java.util.SplittableRandom random;
    private final long idHigh;
    private long sequence;
    private boolean open = true;

    /**
     * {@code idTime}: the moment in the entries' ids (the file's reception): ids of one import are ordered, so that
     * they are appended to the primary key's index instead of being inserted all over it (measured: a third less
     * database time for the COPY than with random ids).
     */
    DirectEntries(CopyPipeline.Copies copies, String account, UUID statement, java.time.Instant idTime) {
        this.pipeline = new CopyPipeline(copies, "copy bank_entry (" + ENTRY_COLUMNS + ") from stdin",
                "copy bank_entry_line (" + LINE_COLUMNS + ") from stdin");
        java.security.SecureRandom seed = new java.security.SecureRandom();
        this.random = new java.util.SplittableRandom(seed.nextLong());
        // UUID version 7: 48 bits of milliseconds, version, 12 random bits fixed for the statement
        this.idHigh = (idTime.toEpochMilli() << 16) | 0x7000L | (seed.nextInt() & 0x0FFFL);
        this.entries = new CopyRows(pipeline);
        this.account = account;
        this.statement = statement.toString();
        // as BankStore's identity hash: length (in characters), colon, account, then the key
        this.hashPrefix = (account.codePointCount(0, account.length()) + ":" + account).getBytes(StandardCharsets.UTF_8);
    }

    void add(ParsedEntry e, EntryIdentity.Base base, byte[] details, int detailCount, byte[] charges, byte[] amountDetails)
            throws SQLException {
        String key = base.value() + EntryIdentity.ORDINAL + "1";
        sha.update(hashPrefix);
        sha.update(key.getBytes(StandardCharsets.UTF_8));
        ByteBuffer hash = ByteBuffer.wrap(sha.digest());
        long msb = hash.getLong(0);
        long lsb = hash.getLong(8);
        if (!seen.first(msb ^ lsb)) {
            if (maybe == null) {
                maybeFile = new SpoolFile("encaisse-bank-stage-");
                maybe = new EntryStage(maybeFile);
            }
            maybe.add(e, base, details, detailCount, charges, amountDetails);
            maybeRows++;
            return;
        }
        // variant bits, 30 bits of sequence (the order), 32 random bits
        long idLow = 0x8000000000000000L | ((sequence++ & 0x3FFFFFFFL) << 32) | (random.nextInt() & 0xFFFFFFFFL);
        CopyRows o = entries;
        o.uuid(idHigh, idLow);
        o.tab();
        o.text(account);
        o.tab();
        o.text(key);
        o.tab();
        o.uuid(msb, lsb);
        o.tab();
        o.ascii(base.basis().name());
        o.tab();
        o.ascii(statement);
        o.tab();
        o.number(e.index());
        o.tab();
        o.ascii(statement);
        o.tab();
        EntryStage.entryColumns(o, e, details, charges, amountDetails, -1);
        o.endRow();
        CopyRows l = lines;
        l.ascii(statement);
        l.tab();
        l.number(e.index());
        l.tab();
        l.uuid(idHigh, idLow);
        l.tab();
        l.text(e.status());
        l.tab();
        l.ascii("NEW");
        l.endRow();
        if (++batched == BATCH) {
            endBatch();
        }
    }

    private void endBatch() throws SQLException {
        entries.flush();
        lines.flush();
        pipeline.endBatch(lineBuffer.data, lineBuffer.length);
        lineBuffer = new LineBuffer();
        lines = new CopyRows(lineBuffer);
        batched = 0;
    }

    /** Ends the COPY into {@code bank_entry}; returns the rows it stored. The spools stay readable until closed. */
    long finishEntries() throws SQLException {
        endBatch();
        open = false;
        long stored = pipeline.end();
        if (maybe != null) {
            maybe.finish();
        }
        return stored;
    }

    /** The spooled lines that may repeat an earlier line's base, in the staging table's COPY format; null if none. */
    Path maybeSpool() {
        return maybeFile == null ? null : maybeFile.path;
    }

    long maybeRows() {
        return maybeRows;
    }

    /** Abandons the COPY (the transaction is being rolled back); safe to call more than once. */
    void cancel() throws SQLException {
        if (open) {
            open = false;
            pipeline.cancel();
        }
    }

    /** Deletes the spools. */
    @Override
    public void close() {
        pipeline.cancel();
        if (maybeFile != null) {
            maybeFile.close();
        }
    }

    /** A batch's {@code bank_entry_line} rows in memory (about 100 bytes a line). */
    private static final class LineBuffer implements EntryStage.Target {
        private byte[] data = new byte[1 << 16];
        private int length;

        @Override
        public void write(byte[] buffer, int n) {
            if (length + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + n));
            }
            System.arraycopy(buffer, 0, data, length, n);
            length += n;
        }

        @Override
        public long end() {
            return 0;
        }

        @Override
        public void cancel() {
        }
    }

    /** A temporary file written through a channel: COPY data waiting for the connection. */
    private static final class SpoolFile implements EntryStage.Target {
        private final Path path;
        private final FileChannel channel;
        private long rows;

        SpoolFile(String prefix) {
            try {
                path = Files.createTempFile(prefix, ".copy");
                channel = FileChannel.open(path, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] buffer, int length) {
            try {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, length);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long end() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        }

        @Override
        public void cancel() {
            close();
        }

        void close() {
            try {
                channel.close();
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temp file left behind costs disk, not correctness
            }
        }
    }

    /**
     * The hashes of the bases seen in the statement (open addressing). {@link #first} is exact when it says "first":
     * no earlier line has that hash, so none has that base. It says "maybe not" for a seen hash (a repeated base, or
     * another base with the same 64-bit hash) and for every line once the set is full: those lines are numbered in SQL.
     */
    static final class FirstSeen {
        private static final int MAX_SLOTS = 1 << 22;
        private long[] slots = new long[1 << 12];
        private int size;
        private boolean full;

        boolean first(long hash) {
            long h = hash == 0 ? 1 : hash;
            if (full) {
                return false;
            }
            int i = find(slots, h);
            if (slots[i] == h) {
                return false;
            }
            if (size + 1 > slots.length / 2) {
                if (slots.length == MAX_SLOTS) {
                    full = true;
                    return false;
                }
                long[] bigger = new long[slots.length * 2];
                for (long s : slots) {
                    if (s != 0) {
                        bigger[find(bigger, s)] = s;
                    }
                }
                slots = bigger;
                i = find(slots, h);
            }
            slots[i] = h;
            size++;
            return true;
        }

        private static int find(long[] table, long h) {
            int mask = table.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0 && table[i] != h) {
                i = (i + 1) & mask;
            }
            return i;
        }
    }
}
