package io.encaisse.bank.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.encaisse.bank.BankProperties;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementSink;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Benchmark support (test code only): builds the production {@link StatementImporter} and {@link BankStore}, which are
 * package-private, over a plain DataSource, without booting the application. Events are counted, not delivered, so
 * the reconciliation listener does not run during the measurement.
 */
public final class BenchImporters {

    private BenchImporters() {
    }

    /** The ObjectMapper as Spring Boot configures it for the hub (application.yml: non_null, ISO dates). */
    public static ObjectMapper objectMapper() {
        return Jackson2ObjectMapperBuilder.json()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public static final AtomicLong EVENTS = new AtomicLong();

    private static final ApplicationEventPublisher COUNTING = event -> EVENTS.incrementAndGet();

    /** The production importer over {@code ds}; {@code maxFileSize} as encaisse.bank.max-file-size. */
    public static BankStatements importer(DataSource ds, DataSize maxFileSize) {
        ObjectMapper json = objectMapper();
        BankStore store = new BankStore(new JdbcTemplate(ds), json);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        BankProperties props = new BankProperties("file:unused", "file:unused", "file:unused", maxFileSize);
        return new StatementImporter(store, tx, COUNTING, Clock.systemUTC(), props, json);
    }

    /**
     * Parse + build the rows exactly as the production sink does (entry row array and details JSON), without a
     * database: isolates the cost of mapping and JSON from the cost of the inserts.
     */
    public static StatementSink rowsOnlySink(AtomicLong entries) {
        ObjectMapper json = objectMapper();
        BankStore store = new BankStore(new JdbcTemplate(), json);
        return new StatementSink() {
            BankStore.OpenStatement current;

            @Override
            public void startStatement(StatementHeader header) {
                current = new BankStore.OpenStatement(new io.encaisse.bank.BankStatementId(UUID.randomUUID()),
                        BankStore.accountKey(header), null, null);
            }

            @Override
            public void entry(ParsedEntry entry) {
                current.add(entry);
                Object[] row = store.entryRow(current.id(), entry, CopyImportPrototype.detailsJson(json, entry));
                if (row.length > 0) {
                    entries.incrementAndGet();
                }
            }

            @Override
            public void endStatement() {
                current.balanceCheck();
            }
        };
    }

    /**
     * The database's share alone: {@code n} entry rows (cycling over {@code template}, with fresh ids and indexes;
     * details JSON prepared beforehand) written into one new statement in one transaction, through the production
     * {@link BankStore#insertEntries} batches of 1,000 ({@code copy} false) or the COPY prototype's encoding.
     */
    public static void storeOnly(DataSource ds, StatementHeader header, java.util.List<ParsedEntry> template, int n,
            boolean copy) {
        storeOnly(ds, header, template, n, copy, false);
    }

    /** {@code orderedIds}: COPY only, time-ordered (UUIDv7-like) entry ids instead of random UUIDv4. */
    public static void storeOnly(DataSource ds, StatementHeader header, java.util.List<ParsedEntry> template, int n,
            boolean copy, boolean orderedIds) {
        ObjectMapper json = objectMapper();
        BankStore store = new BankStore(new JdbcTemplate(ds), json);
        java.util.List<String> jsons = template.stream().map(e -> CopyImportPrototype.detailsJson(json, e)).toList();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        tx.executeWithoutResult(status -> {
            UUID importId = UUID.randomUUID();
            store.insertImport(new StatementImporter.FileFacts(importId, "store-only", UUID.randomUUID().toString()
                    .replace("-", ""), 0, "BENCH", java.time.Instant.now()));
            BankStore.OpenStatement st = store.insertStatement(importId, header);
            if (copy) {
                CopyImportPrototype.copyRows(ds, st, template, jsons, n, orderedIds);
            } else {
                java.util.List<Object[]> batch = new java.util.ArrayList<>(1000);
                for (int i = 0; i < n; i++) {
                    ParsedEntry t = template.get(i % template.size());
                    Object[] row = store.entryRow(st.id(), t, jsons.get(i % template.size()));
                    row[2] = i;
                    batch.add(row);
                    if (batch.size() == 1000) {
                        store.insertEntries(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    store.insertEntries(batch);
                }
            }
        });
    }

    /**
     * PostgreSQL ceiling experiment: COPY {@code n} template rows (same encoding as the COPY prototype) into
     * {@code table}, which has bank_entry's columns, in one transaction on {@code c}; returns seconds.
     */
    public static double copyInto(java.sql.Connection c, String table, UUID statement, java.util.List<ParsedEntry> template,
            int n) throws Exception {
        ObjectMapper json = objectMapper();
        java.util.List<String> jsons = template.stream().map(e -> CopyImportPrototype.detailsJson(json, e)).toList();
        c.setAutoCommit(false);
        long t0 = System.nanoTime();
        String sql = CopyImportPrototype.COPY_SQL.replace("bank_entry", table);
        try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new org.postgresql.copy.PGCopyOutputStream(c.unwrap(org.postgresql.PGConnection.class), sql, 1 << 16),
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < n; i++) {
                CopyImportPrototype.writeRow(w, UUID.randomUUID(), statement, i, template.get(i % template.size()),
                        jsons.get(i % template.size()));
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** How many of the template entries get byte-identical details JSON from the fast writer. */
    public static int fastJsonEqual(java.util.List<ParsedEntry> template) {
        ObjectMapper json = objectMapper();
        java.io.StringWriter buf = new java.io.StringWriter();
        int equal = 0;
        for (ParsedEntry e : template) {
            if (CopyImportPrototype.detailsJson(json, e).equals(CopyImportPrototype.fastDetailsJson(json.getFactory(), buf, e))) {
                equal++;
            }
        }
        return equal;
    }
}
