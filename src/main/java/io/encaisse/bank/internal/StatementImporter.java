package io.encaisse.bank.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.bank.BankBalanceBreakDetected;
import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.BankProperties;
import io.encaisse.bank.BankStatementId;
import io.encaisse.bank.BankStatementImported;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.ImportOutcome;
import io.encaisse.bank.ImportStatus;
import io.encaisse.bank.ImportView;
import io.encaisse.bank.TransactionDetail;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.parser.InvalidStatementException;
import io.encaisse.bank.internal.parser.ParseSummary;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementParser;
import io.encaisse.shared.Hashes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a bank file whole or not at all. The file is first spooled to disk (hash and size known before
 * parsing), then parsed in a streaming pass that streams each statement's lines into PostgreSQL (COPY) inside one
 * transaction. Each line is
 * resolved to its transaction by {@link io.encaisse.bank.internal.domain.EntryIdentity}: a booking reported again
 * (camt.052 then 053, a re-delivery, a camt.054 detail) is linked to the earlier transaction, never booked twice.
 */
@Service
class StatementImporter implements BankStatements {

    private final StatementParser parser;
    private final BankStore store;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BankProperties props;
    private final ObjectMapper json;

    StatementImporter(BankStore store, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock,
            BankProperties props, ObjectMapper json) {
        this.store = store;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.props = props;
        this.parser = new StatementParser(props.parser());
        // stored JSON leaves absent fields out: most TxDtls have no charges, FX or ultimate parties
        this.json = json.copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    }

    @Override
    public ImportOutcome importFile(String fileName, String channel, InputStream content) {
        Instant receivedAt = clock.instant();
        Path spool = null;
        try {
            spool = Files.createTempFile("encaisse-bank-", ".bin");
            MessageDigest digest = Hashes.sha256();
            long size = spool(content, spool, digest);
            String sha = HexFormat.of().formatHex(digest.digest());
            FileFacts file = new FileFacts(UUID.randomUUID(), fileName, sha, size, channel, receivedAt);
            if (size > props.maxFileSize().toBytes()) {
                return store.recordRejected(file, "The file is " + size + " bytes, above the limit of "
                        + props.maxFileSize().toBytes() + " bytes (encaisse.bank.max-file-size)");
            }
            Optional<UUID> earlier = store.importedWithHash(sha);
            if (earlier.isPresent()) {
                return store.recordDuplicate(file, earlier.get(), "This file was already imported");
            }
            return importSpooled(file, spool);
        } catch (IOException e) {
            // reading the incoming stream failed: transient, the caller's retry policy applies
            throw new UncheckedIOException("Cannot read bank file " + fileName, e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temp file left behind costs disk, not correctness
                }
            }
        }
    }

    private ImportOutcome importSpooled(FileFacts file, Path spool) {
        try {
            return importSpooled(file, spool, true);
        } catch (DirectConflict known) {
            // a statement sent straight into bank_entry holds a known transaction after all: everything was rolled back,
            // the staging path links it
            return importSpooled(file, spool, false);
        }
    }

    private ImportOutcome importSpooled(FileFacts file, Path spool, boolean direct) {
        try {
            return tx.execute(status -> {
                store.prepareImport();
                store.insertImport(file);
                PersistingSink sink = new PersistingSink(file, store, json, direct);
                ParseSummary summary;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(spool), 1 << 16)) {
                    summary = parser.parse(in, sink);
                } catch (IOException e) {
                    sink.abort(e);
                    throw new UncheckedIOException(e);
                } catch (InvalidStatementException e) {
                    sink.abort(e);
                    throw new Rejection(e.getMessage(), e);
                } catch (RuntimeException | Error e) {
                    sink.abort(e);
                    throw e;
                } finally {
                    sink.close();
                }
                if (summary.statements() == 0) {
                    throw new Rejection("The file holds no statement", null);
                }
                store.completeImport(file.id(), summary);
                for (ImportedStatement s : sink.imported()) {
                    events.publishEvent(new BankStatementImported(s.id(), s.account(), s.entries(), s.newEntries()));
                    s.breaks().forEach(events::publishEvent);
                }
                return new ImportOutcome(file.id(), file.name(), ImportStatus.IMPORTED, null, null, summary.format(),
                        summary.messageVersion(), summary.statements(), summary.entries(), summary.warnings());
            });
        } catch (Rejection r) {
            return store.recordRejected(file, r.getMessage());
        } catch (DuplicateStatement d) {
            return store.recordDuplicate(file, d.earlierImport(), d.getMessage());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // the same file or statement was committed by a concurrent import meanwhile
            return store.recordDuplicate(file, store.importedWithHash(file.sha256()).orElse(null),
                    "This file or one of its statements was imported concurrently");
        }
    }

    private static long spool(InputStream in, Path target, MessageDigest digest) throws IOException {
        try (DigestInputStream din = new DigestInputStream(in, digest); OutputStream out = Files.newOutputStream(target)) {
            return din.transferTo(out);
        }
    }

    @Override
    public List<ImportView> imports(ImportStatus status, int limit, UUID before) {
        return store.imports(status, limit, before);
    }

    @Override
    public Optional<ImportView> importById(UUID importId) {
        return store.importById(importId);
    }

    @Override
    public void entriesOf(BankStatementId statement, Consumer<BankEntryView> consumer) {
        store.entriesOf(statement, consumer);
    }

    @Override
    public Optional<BankEntryView> entry(BankEntryId id) {
        return store.entry(id);
    }

    record FileFacts(UUID id, String name, String sha256, long size, String channel, Instant receivedAt) {
    }

    record ImportedStatement(BankStatementId id, String account, int entries, int newEntries,
            List<BankBalanceBreakDetected> breaks) {
    }

    /** The file is not a usable statement: rolls the transaction back, then becomes a REJECTED record. */
    static final class Rejection extends RuntimeException {
        Rejection(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A line sent straight into {@code bank_entry} met a known transaction: the import is redone through the stage. */
    static final class DirectConflict extends RuntimeException {
        DirectConflict(Throwable cause) {
            super("A line of a statement copied straight into bank_entry is a known transaction", cause);
        }
    }

    /** A statement in the file was imported before from another file. */
    static final class DuplicateStatement extends RuntimeException {
        private final UUID earlierImport;

        DuplicateStatement(String message, UUID earlierImport) {
            super(message);
            this.earlierImport = earlierImport;
        }

        UUID earlierImport() {
            return earlierImport;
        }
    }

    /**
     * Writes statements and entries as the parser streams them: each statement's lines are streamed with COPY either
     * straight into {@code bank_entry} ({@link DirectEntries}, when none of them should be known) or into a staging
     * table, then resolved to transactions set-based ({@link BankStore#mergeStage}). Memory does not grow with the
     * statement. If parsing fails, {@link #abort} must be called before the transaction is rolled back, and
     * {@link #close} at the end either way.
     */
    static final class PersistingSink implements io.encaisse.bank.internal.parser.StatementSink, AutoCloseable {
        private final FileFacts file;
        private final BankStore store;
        private final ObjectWriter detailsWriter;
        private final ObjectMapper json;
        private final boolean directAllowed;
        private final java.util.ArrayList<ImportedStatement> imported = new java.util.ArrayList<>();
        private BankStore.OpenStatement current;
        private EntryStage stage;
        private DirectEntries direct;
        private boolean staged;

        PersistingSink(FileFacts file, BankStore store, ObjectMapper json, boolean directAllowed) {
            this.file = file;
            this.store = store;
            this.json = json;
            this.directAllowed = directAllowed;
            this.detailsWriter = json.writerFor(new TypeReference<List<TransactionDetail>>() {
            });
        }

        @Override
        public void startStatement(StatementHeader header) {
            Optional<UUID> earlier = store.importOfStatement(header);
            if (earlier.isPresent()) {
                throw new DuplicateStatement("Statement " + header.statementId() + " of account "
                        + BankStore.accountKey(header) + " was already imported", earlier.get());
            }
            current = store.insertStatement(file.id(), header);
            if (directAllowed && store.directPossible(current)) {
                direct = store.openDirect(current, file.receivedAt());
            } else {
                stage = store.openStage(!staged);
                staged = true;
            }
        }

        @Override
        public void entry(ParsedEntry entry) {
            EntryIdentity.Base base = current.add(entry);
            try {
                byte[] details = details(entry);
                if (direct != null) {
                    direct.add(entry, base, details, entry.details().size(), bytes(entry.charges()),
                            bytes(entry.amountDetails()));
                } else {
                    stage.add(entry, base, details, entry.details().size(), bytes(entry.charges()),
                            bytes(entry.amountDetails()));
                }
            } catch (SQLException e) {
                throw copyFailed(e);
            }
        }

        @Override
        public void endStatement() {
            if (direct != null) {
                long stored;
                try {
                    stored = direct.finishEntries();
                } catch (SQLException e) {
                    throw copyFailed(e);
                }
                DirectEntries d = direct;
                direct = null;
                try (d) {
                    store.finishDirect(current, d, stored, !staged);
                }
                staged |= d.maybeRows() > 0;
            } else {
                long rows;
                try {
                    rows = stage.finish();
                } catch (SQLException e) {
                    throw copyFailed(e);
                }
                stage = null;
                store.mergeStage(current, rows, false);
            }
            List<BankBalanceBreakDetected> breaks = store.finishStatement(current);
            imported.add(new ImportedStatement(current.id(), current.account(), current.entryCount(), current.newEntries(),
                    breaks));
            current = null;
        }

        private RuntimeException copyFailed(SQLException e) {
            return direct != null && BankStore.identityConflict(e) ? new DirectConflict(e) : store.copyFailed(e);
        }

        /** Ends an unfinished COPY so that the transaction can roll back; the first failure is what counts. */
        void abort(Throwable failure) {
            if (stage != null) {
                try {
                    stage.cancel();
                } catch (SQLException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
                stage = null;
            }
            if (direct != null) {
                try {
                    direct.cancel();
                } catch (SQLException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }

        /** Deletes an unfinished statement's spool files. */
        @Override
        public void close() {
            if (direct != null) {
                direct.close();
                direct = null;
            }
        }

        List<ImportedStatement> imported() {
            return imported;
        }

        private byte[] details(ParsedEntry entry) {
            List<TransactionDetail> details = entry.details().stream().map(d -> new TransactionDetail(d.amount(), d.currency(),
                    d.endToEndId(), d.instructionId(), d.mandateId(), d.counterpartyName(), d.counterpartyIban(),
                    d.counterpartyBic(), d.unstructured(),
                    d.structuredRefs().stream()
                            .map(r -> new TransactionDetail.StructuredReference(r.type(), r.issuer(), r.reference())).toList(),
                    d.returnReason(), d.debtorName(), d.debtorIban(), d.creditorName(), d.creditorIban(),
                    d.ultimateDebtorName(), d.ultimateCreditorName(), d.bankTxProprietary(), d.amountDetails(), d.charges()))
                    .toList();
            try {
                return detailsWriter.writeValueAsBytes(details);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise transaction details", e);
            }
        }

        private byte[] bytes(Object value) {
            if (value == null) {
                return null;
            }
            try {
                return json.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
            }
        }
    }
}
