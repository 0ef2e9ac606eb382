package io.encaisse.bank.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.encaisse.bank.BankBalanceBreakDetected;
import io.encaisse.bank.BankProperties;
import io.encaisse.bank.BankStatementId;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        BankProperties props = new BankProperties("file:unused", "file:unused", "file:unused", maxFileSize,
                BankProperties.ParserMode.FAST);
        return new StatementImporter(store, tx, COUNTING, Clock.systemUTC(), props, json);
    }

    /**
     * Parse + what the production sink does before the database (each line's identity base, the details, charges and
     * amount-details JSON, the COPY rows with their escaping) through the production {@link StatementImporter.PersistingSink},
     * over a {@link BankStore} whose database calls are stubbed and whose COPY bytes are counted, not sent: isolates
     * the Java side of the store from the database. {@code entries} counts the rows the database would have received.
     */
    public static StatementSink rowsOnlySink(AtomicLong entries, AtomicLong bytes) {
        ObjectMapper json = objectMapper().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        BankStore noDb = new BankStore(new JdbcTemplate(), json) {
            @Override
            Optional<UUID> importOfStatement(StatementHeader h) {
                return Optional.empty();
            }

            @Override
            OpenStatement insertStatement(UUID importId, StatementHeader h) {
                return new OpenStatement(new BankStatementId(UUID.randomUUID()), accountKey(h), h, null, null, h.toDate());
            }

            @Override
            EntryStage openStage(boolean firstOfImport) {
                return new EntryStage(counting(entries, bytes));
            }

            @Override
            boolean directPossible(OpenStatement s) {
                return true; // as for the benchmark's file on its emptied tables
            }

            @Override
            DirectEntries openDirect(OpenStatement s, Instant received) {
                // the rows of bank_entry are counted; its lines are bytes only
                return new DirectEntries(sql -> counting(sql.startsWith("copy bank_entry (") ? entries : new AtomicLong(), bytes),
                        s.account(), s.id().value(), received);
            }

            @Override
            void finishDirect(OpenStatement s, DirectEntries d, long stored, boolean firstStage) {
                entries.addAndGet(d.maybeRows());
            }

            @Override
            void mergeStage(OpenStatement s, long staged, boolean afterDirect) {
            }

            @Override
            List<BankBalanceBreakDetected> finishStatement(OpenStatement s) {
                return List.of();
            }
        };
        StatementImporter.FileFacts file = new StatementImporter.FileFacts(UUID.randomUUID(), "rows-only", "-", 0, "BENCH",
                Instant.now());
        return new StatementImporter.PersistingSink(file, noDb, json, true);
    }

    /** Counts the COPY bytes and rows instead of sending them. */
    private static EntryStage.Target counting(AtomicLong entries, AtomicLong bytes) {
        return new EntryStage.Target() {
            long rows;

            @Override
            public void write(byte[] buffer, int length) {
                bytes.addAndGet(length);
                for (int i = 0; i < length; i++) {
                    if (buffer[i] == '\n') {
                        rows++;
                    }
                }
            }

            @Override
            public long end() {
                entries.addAndGet(rows);
                return rows;
            }

            @Override
            public void cancel() {
            }
        };
    }
}
