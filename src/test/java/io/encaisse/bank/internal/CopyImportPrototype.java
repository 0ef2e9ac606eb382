package io.encaisse.bank.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.bank.internal.parser.InvalidStatementException;
import io.encaisse.bank.internal.parser.ParseSummary;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementParser;
import io.encaisse.bank.internal.parser.StatementSink;
import io.encaisse.shared.Hashes;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * PROTOTYPE (benchmark only, not production code): the production import flow (spool + SHA-256, one transaction,
 * bank_import row, statement + balances rows through {@link BankStore}, statement totals) with one change: entries are
 * streamed into {@code bank_entry} with PostgreSQL {@code COPY ... FROM STDIN} through pgjdbc's CopyManager
 * ({@link PGCopyOutputStream}) instead of JDBC batch inserts. Duplicate-file and duplicate-statement checks are the
 * production ones (BankStore); rejection handling is left out.
 */
public final class CopyImportPrototype {

    static final String COPY_SQL = "COPY bank_entry (id, statement_id, entry_index, amount, currency, credit, reversal, status,"
            + " booking_date, value_date, account_servicer_ref, entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily,"
            + " bank_tx_proprietary, additional_info, details) FROM STDIN (FORMAT text)";

    private final DataSource ds;
    private final BankStore store;
    private final TransactionTemplate tx;
    private final ObjectMapper json = BenchImporters.objectMapper();
    private final StatementParser parser = new StatementParser();

    public CopyImportPrototype(DataSource ds) {
        this.ds = ds;
        this.store = new BankStore(new JdbcTemplate(ds), json);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    /** Imports the file; returns the number of entries stored. */
    public int importFile(String name, InputStream content) throws IOException {
        return importFile(name, content, null);
    }

    /**
     * With {@code handBoundHeader} non-null (single-statement files only): entries are read by the
     * {@link io.encaisse.bank.internal.parser.HandBoundEntryPrototype} instead of the production parser, the statement
     * header being the one given (read beforehand by the production parser).
     */
    public int importFile(String name, InputStream content, StatementHeader handBoundHeader) throws IOException {
        return importFile(name, content, handBoundHeader, false);
    }

    /** {@code fastJson}: details JSON written with a JsonGenerator straight from the parsed details (same bytes). */
    public int importFile(String name, InputStream content, StatementHeader handBoundHeader, boolean fastJson)
            throws IOException {
        Path spool = Files.createTempFile("encaisse-bank-copy-", ".bin");
        try {
            MessageDigest digest = Hashes.sha256();
            long size;
            try (DigestInputStream din = new DigestInputStream(content, digest); OutputStream out = Files.newOutputStream(spool)) {
                size = din.transferTo(out);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (store.importedWithHash(sha).isPresent()) {
                throw new IllegalStateException("duplicate file");
            }
            StatementImporter.FileFacts file = new StatementImporter.FileFacts(UUID.randomUUID(), name, sha, size, "BENCH",
                    Instant.now());
            return tx.execute(status -> {
                store.insertImport(file);
                CopySink sink = new CopySink(file.id(), fastJson);
                ParseSummary summary;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(spool), 1 << 16)) {
                    if (handBoundHeader == null) {
                        summary = parser.parse(in, sink);
                    } else {
                        sink.startStatement(handBoundHeader);
                        long n = io.encaisse.bank.internal.parser.HandBoundEntryPrototype.parseEntries(in, sink);
                        sink.endStatement();
                        summary = new ParseSummary(handBoundHeader.format(), handBoundHeader.messageVersion(), 1, (int) n,
                                List.of());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InvalidStatementException | javax.xml.stream.XMLStreamException e) {
                    throw new IllegalStateException(e);
                }
                store.completeImport(file.id(), summary);
                return summary.entries();
            });
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private final class CopySink implements StatementSink {
        private final UUID importId;
        private BankStore.OpenStatement current;
        private Writer copy;
        private final boolean fastJson;
        private final java.io.StringWriter jsonBuffer = new java.io.StringWriter(1024);

        CopySink(UUID importId, boolean fastJson) {
            this.importId = importId;
            this.fastJson = fastJson;
        }

        @Override
        public void startStatement(StatementHeader header) {
            if (store.importOfStatement(header).isPresent()) {
                throw new IllegalStateException("duplicate statement");
            }
            current = store.insertStatement(importId, header);
            copy = openCopy(ds);
        }

        @Override
        public void entry(ParsedEntry e) {
            current.add(e);
            try {
                writeRow(copy, UUID.randomUUID(), current.id().value(), e.index(), e,
                        fastJson ? fastDetailsJson(json.getFactory(), jsonBuffer, e) : detailsJson(json, e));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        @Override
        public void endStatement() {
            try {
                copy.close(); // ends the COPY: the connection is free for the next statement
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            copy = null;
            store.finishStatement(current);
            current = null;
        }
    }

    static Writer openCopy(DataSource ds) {
        try {
            Connection c = DataSourceUtils.getConnection(ds); // the transaction's connection
            PGConnection pg = c.unwrap(PGConnection.class);
            return new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, COPY_SQL, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Store-only measurement: n rows cycling over the template, one COPY. */
    static void copyRows(DataSource ds, BankStore.OpenStatement st, List<ParsedEntry> template, List<String> jsons, int n,
            boolean orderedIds) {
        long hi = System.currentTimeMillis() << 16 | 0x7000; // UUIDv7-like: time-ordered high bits, version 7
        try (Writer w = openCopy(ds)) {
            for (int i = 0; i < n; i++) {
                UUID id = orderedIds ? new UUID(hi, 0x8000000000000000L | i) : UUID.randomUUID();
                writeRow(w, id, st.id().value(), i, template.get(i % template.size()), jsons.get(i % template.size()));
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    static void writeRow(Writer w, UUID id, UUID statementId, int index, ParsedEntry e, String detailsJson)
            throws IOException {
        w.write(id.toString());
        w.write('\t');
        w.write(statementId.toString());
        w.write('\t');
        w.write(Integer.toString(index));
        w.write('\t');
        w.write(e.amount().toPlainString());
        field(w, e.currency());
        field(w, e.credit() ? "t" : "f");
        field(w, e.reversal() ? "t" : "f");
        field(w, e.status());
        field(w, e.bookingDate());
        field(w, e.valueDate());
        field(w, truncate(e.accountServicerRef(), 128));
        field(w, truncate(e.entryRef(), 128));
        field(w, truncate(e.bankTxDomain(), 8));
        field(w, truncate(e.bankTxFamily(), 8));
        field(w, truncate(e.bankTxSubFamily(), 8));
        field(w, truncate(e.bankTxProprietary(), 128));
        field(w, e.additionalInfo());
        field(w, detailsJson);
        w.write('\n');
    }

    private static void field(Writer w, Object v) throws IOException {
        w.write('\t');
        if (v == null) {
            w.write("\\N");
            return;
        }
        String s = v instanceof LocalDate d ? d.toString() : v instanceof BigDecimal b ? b.toPlainString() : v.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> w.write("\\\\");
                case '\t' -> w.write("\\t");
                case '\n' -> w.write("\\n");
                case '\r' -> w.write("\\r");
                default -> w.write(c);
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * The same JSON as {@link #detailsJson} (TransactionDetail's record order, nulls left out as the hub's
     * non_null inclusion does), written with a JsonGenerator straight from the parsed details.
     */
    public static String fastDetailsJson(com.fasterxml.jackson.core.JsonFactory f, java.io.StringWriter buf, ParsedEntry e) {
        buf.getBuffer().setLength(0);
        try (com.fasterxml.jackson.core.JsonGenerator g = f.createGenerator(buf)) {
            g.writeStartArray();
            for (io.encaisse.bank.internal.parser.ParsedTxDetail d : e.details()) {
                g.writeStartObject();
                if (d.amount() != null) {
                    g.writeFieldName("amount");
                    g.writeNumber(d.amount());
                }
                str(g, "currency", d.currency());
                str(g, "endToEndId", d.endToEndId());
                str(g, "instructionId", d.instructionId());
                str(g, "mandateId", d.mandateId());
                str(g, "counterpartyName", d.counterpartyName());
                str(g, "counterpartyIban", d.counterpartyIban());
                str(g, "counterpartyBic", d.counterpartyBic());
                g.writeArrayFieldStart("unstructured");
                for (String u : d.unstructured()) {
                    g.writeString(u);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("structuredReferences");
                for (io.encaisse.bank.internal.parser.StructuredRef r : d.structuredRefs()) {
                    g.writeStartObject();
                    str(g, "type", r.type());
                    str(g, "issuer", r.issuer());
                    str(g, "reference", r.reference());
                    g.writeEndObject();
                }
                g.writeEndArray();
                str(g, "returnReason", d.returnReason());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return buf.toString();
    }

    private static void str(com.fasterxml.jackson.core.JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** Same JSON as StatementImporter.PersistingSink.detailsJson. */
    static String detailsJson(ObjectMapper json, ParsedEntry entry) {
        List<TransactionDetail> details = entry.details().stream().map(d -> new TransactionDetail(d.amount(), d.currency(),
                d.endToEndId(), d.instructionId(), d.mandateId(), d.counterpartyName(), d.counterpartyIban(),
                d.counterpartyBic(), d.unstructured(),
                d.structuredRefs().stream()
                        .map(r -> new TransactionDetail.StructuredReference(r.type(), r.issuer(), r.reference())).toList(),
                d.returnReason())).toList();
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise transaction details", e);
        }
    }
}
