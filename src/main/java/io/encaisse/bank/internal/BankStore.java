package io.encaisse.bank.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.BankBalanceBreakDetected;
import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.BankStatementId;
import io.encaisse.bank.Charges;
import io.encaisse.bank.ImportOutcome;
import io.encaisse.bank.ImportStatus;
import io.encaisse.bank.ImportView;
import io.encaisse.bank.StatementView;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.bank.internal.domain.BalanceChecks;
import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.domain.LineOutcome;
import io.encaisse.bank.internal.parser.Balance;
import io.encaisse.bank.internal.parser.ParseSummary;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The bank module's tables; nobody else reads them. */
@Repository
class BankStore {

    private static final TypeReference<List<TransactionDetail>> DETAILS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    BankStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    static String accountKey(StatementHeader h) {
        if (h.accountIban() != null && !h.accountIban().isBlank()) {
            return h.accountIban().replace(" ", "").toUpperCase();
        }
        return h.accountOtherId() == null ? "UNKNOWN" : h.accountOtherId().trim();
    }

    Optional<UUID> importedWithHash(String sha) {
        return jdbc.query("select id from bank_import where file_sha256 = ? and status = 'IMPORTED'",
                (rs, n) -> rs.getObject(1, UUID.class), sha).stream().findFirst();
    }

    /** Settings of the import's transaction. */
    void prepareImport() {
        // the merge hashes and sorts a statement's lines at once: in memory, not in batches spilled to temporary files
        jdbc.execute("set local work_mem = '64MB'");
    }

    void insertImport(StatementImporter.FileFacts f) {
        // inserted as IMPORTED inside the import transaction: the partial unique index makes a concurrent
        // import of the same file wait, then fail, instead of booking it twice
        jdbc.update("""
                insert into bank_import (id, file_name, file_sha256, file_size, channel, received_at, status)
                values (?, ?, ?, ?, ?, ?, 'IMPORTED')""",
                f.id(), f.name(), f.sha256(), f.size(), f.channel(), Timestamp.from(f.receivedAt()));
    }

    void completeImport(UUID id, ParseSummary s) {
        jdbc.update("update bank_import set format = ?, message_version = ?, statements = ?, entries = ?, warnings = ? where id = ?",
                s.format(), s.messageVersion(), s.statements(), s.entries(),
                s.warnings().isEmpty() ? null : String.join("\n", s.warnings()), id);
    }

    ImportOutcome recordRejected(StatementImporter.FileFacts f, String reason) {
        jdbc.update("""
                insert into bank_import (id, file_name, file_sha256, file_size, channel, received_at, status, reason)
                values (?, ?, ?, ?, ?, ?, 'REJECTED', ?)""",
                f.id(), f.name(), f.sha256(), f.size(), f.channel(), Timestamp.from(f.receivedAt()), reason);
        return new ImportOutcome(f.id(), f.name(), ImportStatus.REJECTED, reason, null, null, null, 0, 0, List.of());
    }

    ImportOutcome recordDuplicate(StatementImporter.FileFacts f, UUID earlier, String reason) {
        jdbc.update("""
                insert into bank_import (id, file_name, file_sha256, file_size, channel, received_at, status, reason, duplicate_of)
                values (?, ?, ?, ?, ?, ?, 'DUPLICATE', ?, ?)""",
                f.id(), f.name(), f.sha256(), f.size(), f.channel(), Timestamp.from(f.receivedAt()), reason, earlier);
        return new ImportOutcome(f.id(), f.name(), ImportStatus.DUPLICATE, reason, earlier, null, null, 0, 0, List.of());
    }

    Optional<UUID> importOfStatement(StatementHeader h) {
        if (h.statementId() == null || h.statementId().isBlank()) {
            return Optional.empty();
        }
        return jdbc.query("""
                select import_id from bank_statement
                where account_key = ? and format = ? and statement_id = ? and coalesce(electronic_sequence, -1) = ?""",
                (rs, n) -> rs.getObject(1, UUID.class), accountKey(h), h.format(), h.statementId(),
                h.electronicSequence() == null ? -1L : h.electronicSequence()).stream().findFirst();
    }

    OpenStatement insertStatement(UUID importId, StatementHeader h) {
        UUID id = UUID.randomUUID();
        Balance opening = balance(h, "OPBD", "PRCD", "OPAV");
        Balance closing = balance(h, "CLBD", "ITBD", "CLAV");
        String balanceCurrency = opening != null ? opening.currency() : closing != null ? closing.currency() : null;
        LocalDate asOf = h.toDate() != null ? h.toDate() : closing != null ? closing.date() : null;
        jdbc.update("""
                insert into bank_statement (id, import_id, format, message_version, message_id, statement_id, electronic_sequence,
                    created_at_bank, account_key, account_iban, account_other_id, account_currency, servicer_bic, from_date, to_date,
                    opening_balance, closing_balance, balance_currency, entry_count, credit_total, debit_total, balance_check, as_of_date)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 'PENDING', ?)""",
                id, importId, h.format(), h.messageVersion(), h.messageId(), h.statementId(), h.electronicSequence(),
                h.creationTime() == null ? null : Timestamp.from(h.creationTime()), accountKey(h), h.accountIban(),
                h.accountOtherId(), h.accountCurrency(), h.servicerBic(), h.fromDate(), h.toDate(),
                opening == null ? null : opening.signedAmount(), closing == null ? null : closing.signedAmount(), balanceCurrency,
                asOf);
        List<Object[]> balances = new ArrayList<>();
        for (int i = 0; i < h.balances().size(); i++) {
            Balance b = h.balances().get(i);
            balances.add(new Object[] {id, i, b.code(), b.signedAmount(), b.currency(), b.date()});
        }
        if (!balances.isEmpty()) {
            jdbc.batchUpdate("insert into bank_balance (statement_id, position, code, amount, currency, balance_date) values (?, ?, ?, ?, ?, ?)",
                    balances);
        }
        return new OpenStatement(new BankStatementId(id), accountKey(h), h, opening, closing, asOf);
    }

    private static Balance balance(StatementHeader h, String... codes) {
        for (String code : codes) {
            for (Balance b : h.balances()) {
                if (code.equals(b.code())) {
                    return b;
                }
            }
        }
        return null;
    }

    /**
     * Whether the statement may go straight into {@code bank_entry} ({@link DirectEntries}): no other statement of the
     * account covers any day of its range (from/to dates, else its as-of date), so none of its lines should be known.
     * A statement without dates, or next to one without dates, goes through the staging table. A wrong guess costs
     * time, not correctness: a known line fails the direct COPY on the unique identity hash and the import is redone
     * through the staging table.
     */
    boolean directPossible(OpenStatement s) {
        LocalDate from = s.header.fromDate() != null ? s.header.fromDate() : s.asOf;
        LocalDate to = s.header.toDate() != null ? s.header.toDate() : s.asOf;
        if (from == null || to == null) {
            return false;
        }
        Boolean overlap = jdbc.queryForObject("""
                select exists (select 1 from bank_statement
                    where account_key = ? and id <> ?
                        and (coalesce(from_date, as_of_date) is null or coalesce(to_date, as_of_date) is null
                             or (coalesce(from_date, as_of_date) <= ? and coalesce(to_date, as_of_date) >= ?)))""",
                Boolean.class, s.account(), s.id().value(), to, from);
        return Boolean.FALSE.equals(overlap);
    }

    /** Opens the COPY of the statement's lines straight into {@code bank_entry}; nothing else may run meanwhile. */
    DirectEntries openDirect(OpenStatement s, Instant received) {
        // the pipeline's thread copies on this (the transaction's) connection while this thread parses
        CopyManager api = jdbc.execute((ConnectionCallback<CopyManager>) con -> con.unwrap(PGConnection.class).getCopyAPI());
        return new DirectEntries(sql -> target(api.copyIn(sql)), s.account(), s.id().value(), received);
    }

    /**
     * After the direct COPY (entries and their lines): stages and merges the lines that may repeat an earlier line's
     * base, numbered after the base's first line if that went direct. Counts the statement's new money.
     */
    void finishDirect(OpenStatement s, DirectEntries d, long stored, boolean firstStage) {
        s.newEntries += (int) stored;
        if (d.maybeSpool() != null) {
            stageTables(firstStage);
            long staged = copyFile("copy bank_entry_stage (" + EntryStage.COLUMNS + ") from stdin", d.maybeSpool());
            mergeStage(s, staged, true);
        }
    }

    private long copyFile(String sql, java.nio.file.Path file) {
        return jdbc.execute((ConnectionCallback<Long>) con -> {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                return con.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in, 1 << 16);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Whether a failed COPY into {@code bank_entry} met a transaction that exists already (its identity hash). */
    static boolean identityConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException p && "23505".equals(p.getSQLState())
                    && p.getServerErrorMessage() != null && "bank_entry_identity".equals(p.getServerErrorMessage().getConstraint())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens the COPY of a statement's lines into the staging table {@code bank_entry_stage}, created (with the work
     * table {@code bank_line_work}) on the first statement of the import: temporary, dropped when the import's
     * transaction ends either way. Nothing else may run on the connection until the stage is finished or cancelled.
     */
    EntryStage openStage(boolean firstOfImport) {
        stageTables(firstOfImport);
        return new EntryStage(copyIn("copy bank_entry_stage (" + EntryStage.COLUMNS + ") from stdin"));
    }

    private void stageTables(boolean firstOfImport) {
        if (firstOfImport) {
            jdbc.execute("""
                    create temp table bank_entry_stage (
                        entry_index integer not null, base varchar(400) not null, basis varchar(16) not null,
                        amount numeric(19, 5) not null, currency varchar(3) not null, credit boolean not null,
                        reversal boolean not null, status varchar(8), booking_date date, value_date date,
                        account_servicer_ref varchar(128), entry_ref varchar(128), bank_tx_domain varchar(8),
                        bank_tx_family varchar(8), bank_tx_subfamily varchar(8), bank_tx_proprietary varchar(128),
                        additional_info text, details json not null, detail_count integer not null, charges json,
                        amount_details json
                    ) on commit drop;
                    create temp table bank_line_work (
                        entry_index integer not null, identity_key varchar(400) not null, identity_hash uuid not null,
                        entry_id uuid not null,
                        status varchar(8), outcome varchar(16) not null, known_details integer
                    ) on commit drop""");
        } else {
            jdbc.execute("truncate bank_entry_stage, bank_line_work");
        }
    }

    private EntryStage.Target copyIn(String sql) {
        return target(jdbc.execute((ConnectionCallback<CopyIn>) con -> con.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(sql)));
    }

    private static EntryStage.Target target(CopyIn copy) {
        return new EntryStage.Target() {
            @Override
            public void write(byte[] buffer, int length) throws SQLException {
                copy.writeToCopy(buffer, 0, length);
            }

            @Override
            public long end() throws SQLException {
                return copy.endCopy();
            }

            @Override
            public void cancel() throws SQLException {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        };
    }

    /** A failure of the COPY stream, translated as JdbcTemplate translates the others (e.g. a value too long). */
    RuntimeException copyFailed(SQLException e) {
        RuntimeException t = jdbc.getExceptionTranslator().translate("COPY into bank_entry_stage", null, e);
        return t != null ? t : new org.springframework.jdbc.UncategorizedSQLException("COPY into bank_entry_stage", null, e);
    }

    /**
     * A transaction's identity in the unique index (V11): the first 16 bytes of SHA-256 over the length-prefixed account
     * and the key {@code k}, as a uuid. Equal account and key, equal hash. Known lines are matched by the hash alone:
     * re-checking the key in the join made PostgreSQL expect one matching row and join the stage once per line.
     */
    private static final String IDENTITY_HASH =
            "encode(substring(sha256(convert_to(? || k, 'UTF8')) from 1 for 16), 'hex')::uuid";

    /** The hash's account prefix, as V11 computed it for the rows it found: length, colon, account. */
    private static String hashPrefix(String account) {
        return account.codePointCount(0, account.length()) + ":" + account; // SQL's length(): characters
    }

    /**
     * 1 if the base's first line went straight into {@code bank_entry} as "#1" in this statement: a direct line is the
     * first of its base (no earlier line had it), so every staged line of that base comes after it.
     */
    private static final String DIRECT_FIRST = """
             + case when exists (select 1 from bank_entry d
                 where d.identity_hash = encode(substring(sha256(convert_to(? || base || '#1', 'UTF8')) from 1 for 16), 'hex')::uuid
                     and d.first_statement_id = ?) then 1 else 0 end""";

    /** A line's outcome for a known transaction: {@link LineOutcome#ofRepeat} in SQL (e = the transaction, s = the line). */
    private static final String REPEAT_OUTCOME = """
            case when not (e.status is null or e.status = 'BOOK') and (s.status is null or s.status = 'BOOK') then 'BOOKED'
                 when s.detail_count > json_array_length(e.details) then 'DETAILED'
                 else 'SEEN_AGAIN' end""";

    /**
     * Resolves the staged lines of statement {@code s} to transactions, set-based: numbers the lines of each identity
     * base in statement order (the key's ordinal), links a line whose key is known to that transaction (locked; it books
     * a pending one, or brings richer details), creates the others, and records every line with its outcome.
     * Adds to the statement's count of new money. {@code afterDirect}: the statement's other lines went straight into
     * {@code bank_entry} ({@link DirectEntries}); a staged line whose base's first line is one of them is numbered after it.
     */
    void mergeStage(OpenStatement s, long staged, boolean afterDirect) {
        UUID statement = s.id().value();
        // bytewise grouping ("C"): the same groups as the database's collation (equal means byte-equal), without its
        // costly locale comparisons in the sort
        jdbc.update("""
                insert into bank_line_work (entry_index, identity_key, identity_hash, entry_id, status, outcome)
                select entry_index, k, %s, gen_random_uuid(), status, 'NEW'
                from (select entry_index, status,
                          base || '#' || (row_number() over (partition by base collate "C" order by entry_index)%s) as k
                      from bank_entry_stage) numbered""".formatted(IDENTITY_HASH, afterDirect ? DIRECT_FIRST : ""),
                afterDirect ? new Object[] {hashPrefix(s.account()), hashPrefix(s.account()), statement}
                        : new Object[] {hashPrefix(s.account())});
        // row counts and key statistics for the joins below (temporary tables are never analysed automatically). Not the
        // stage: with its row count known and the work table's outcomes all 'NEW' in these statistics, the update of known
        // transactions became a nested loop scanning the stage once per line (a re-report of 100,000 lines ran > 13 min)
        jdbc.execute("set local default_statistics_target = 10");
        jdbc.execute("analyze bank_line_work");
        int known = resolveKnown(s.account(), false);
        long fresh = staged - known;
        if (fresh > 0) {
            int inserted = jdbc.update("""
                    insert into bank_entry (id, account_key, identity_key, identity_hash, identity_basis, statement_id,
                        entry_index, first_statement_id, amount, currency, credit, reversal, status, booking_date, value_date,
                        account_servicer_ref, entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily, bank_tx_proprietary,
                        additional_info, details, charges, amount_details)
                    select w.entry_id, ?, w.identity_key, w.identity_hash, s.basis, ?, s.entry_index, ?, s.amount, s.currency,
                        s.credit, s.reversal, s.status, s.booking_date, s.value_date, s.account_servicer_ref, s.entry_ref,
                        s.bank_tx_domain, s.bank_tx_family, s.bank_tx_subfamily, s.bank_tx_proprietary, s.additional_info,
                        s.details, s.charges, s.amount_details
                    from bank_line_work w join bank_entry_stage s on s.entry_index = w.entry_index
                    where w.outcome = 'NEW'
                    on conflict (identity_hash) do nothing""", s.account(), statement, statement);
            if (inserted < fresh) {
                // a concurrent import committed some of these transactions meanwhile: link to theirs
                int raced = resolveKnown(s.account(), true);
                if (inserted + raced < fresh) {
                    // only a different key with the same 128-bit hash could leave a line without its transaction
                    throw new IllegalStateException("Identity hash collision in account " + s.account()
                            + ": not every new line of statement " + statement + " got a transaction");
                }
                known += raced;
            }
        }
        if (known > 0) {
            // the statistics still say every line is 'NEW': planned with them, this update joined the stage once per line
            jdbc.execute("analyze bank_line_work");
            jdbc.update("""
                    update bank_entry e set
                        status = case when w.outcome = 'BOOKED' then s.status else e.status end,
                        booking_date = case when w.outcome = 'BOOKED' then s.booking_date else e.booking_date end,
                        value_date = case when w.outcome = 'BOOKED' then s.value_date else e.value_date end,
                        statement_id = case when w.outcome = 'BOOKED' then ? else e.statement_id end,
                        entry_index = case when w.outcome = 'BOOKED' then s.entry_index else e.entry_index end,
                        details = case when s.detail_count > w.known_details then s.details else e.details end,
                        charges = coalesce(e.charges, s.charges), amount_details = coalesce(e.amount_details, s.amount_details),
                        additional_info = coalesce(e.additional_info, s.additional_info), times_reported = e.times_reported + 1
                    from bank_line_work w join bank_entry_stage s on s.entry_index = w.entry_index
                    where e.id = w.entry_id and w.outcome <> 'NEW'""", statement);
        }
        jdbc.update("""
                insert into bank_entry_line (statement_id, entry_index, entry_id, status, outcome)
                select ?, entry_index, entry_id, status, outcome from bank_line_work""", statement);
        Integer newMoney = jdbc.queryForObject("select count(*) from bank_line_work where outcome in ('NEW', 'BOOKED')",
                Integer.class);
        s.newEntries += newMoney == null ? 0 : newMoney;
    }

    /**
     * Locks the account's transactions whose keys the staged lines carry, then marks those lines with their outcome.
     * {@code raced}: only lines whose new transaction lost to a concurrent import's (its key is held by another id).
     */
    private int resolveKnown(String account, boolean raced) {
        // Planned for this account's actual key: a generic plan (chosen by PostgreSQL for a prepared statement after a
        // few runs) scanned the account's rows instead of probing the unique index (measured on the earlier per-batch
        // lookup: 5x slower from the second import on). Only here: the setting also makes PostgreSQL re-plan every
        // foreign-key check of the inserts (once per row), which tripled their cost.
        String mode = jdbc.queryForObject("select current_setting('plan_cache_mode')", String.class);
        jdbc.execute("set local plan_cache_mode = force_custom_plan");
        try {
            return lockAndMark(account, raced);
        } finally {
            jdbc.queryForObject("select set_config('plan_cache_mode', ?, true)", String.class, mode);
        }
    }

    private int lockAndMark(String account, boolean raced) {
        String which = raced ? " and w.outcome = 'NEW' and e.id <> w.entry_id" : "";
        jdbc.query("""
                select count(*) from (select 1 from bank_entry e join bank_line_work w on e.identity_hash = w.identity_hash
                    where e.account_key = ?%s for update of e) locked""".formatted(which), rs -> {
        }, account);
        return jdbc.update("""
                update bank_line_work w set entry_id = e.id, known_details = json_array_length(e.details), outcome = %s
                from bank_entry e, bank_entry_stage s
                where e.identity_hash = w.identity_hash and e.account_key = ? and s.entry_index = w.entry_index%s"""
                .formatted(REPEAT_OUTCOME, raced ? which : " and w.outcome = 'NEW'"), account);
    }

    /** Records both balance checks; returns the breaks to announce. */
    List<BankBalanceBreakDetected> finishStatement(OpenStatement s) {
        BalanceChecks.Result within = BalanceChecks.withinStatement(amount(s.opening), amount(s.closing), s.credits(), s.debits(),
                s.mixedCurrency);
        boolean chains = "CAMT053".equals(s.header.format()) || "MT940".equals(s.header.format());
        Previous previous = chains ? previousStatement(s) : null;
        BalanceChecks.Result continuity = BalanceChecks.continuity(chains, amount(s.opening),
                previous == null ? null : previous.closing());
        List<String> notes = new ArrayList<>();
        List<BankBalanceBreakDetected> breaks = new ArrayList<>();
        for (BalanceChecks.Result r : List.of(within, continuity)) {
            if (r.isBreak()) {
                notes.add(r.note());
                breaks.add(new BankBalanceBreakDetected(s.account(), s.id(), r.expected(), r.actual(), r.currency(),
                        r == within ? BankBalanceBreakDetected.Kind.STATEMENT : BankBalanceBreakDetected.Kind.CONTINUITY,
                        r.note()));
            }
        }
        jdbc.update("""
                update bank_statement set entry_count = ?, credit_total = ?, debit_total = ?, balance_check = ?, continuity = ?,
                    previous_statement_id = ?, balance_note = ?, new_entries = ?
                where id = ?""",
                s.entryCount(), s.credits(), s.debits(), within.status().name(), continuity.status().name(),
                previous == null ? null : previous.id(), notes.isEmpty() ? null : String.join("\n", notes), s.newEntries(),
                s.id().value());
        return breaks;
    }

    private record Previous(UUID id, BalanceChecks.PreviousClosing closing) {
    }

    /** The account's end-of-day statement just before this one: greatest (as-of date, electronic sequence) below it. */
    private Previous previousStatement(OpenStatement s) {
        if (s.asOf == null || s.opening == null || s.opening.currency() == null) {
            return null;
        }
        long seq = s.header.electronicSequence() == null ? -1L : s.header.electronicSequence();
        return jdbc.query("""
                select id, coalesce(statement_id, id::text) as ref, as_of_date, closing_balance, balance_currency
                from bank_statement
                where account_key = ? and balance_currency = ? and format in ('CAMT053', 'MT940') and id <> ?
                    and closing_balance is not null
                    and (as_of_date < ? or (as_of_date = ? and coalesce(electronic_sequence, -1) < ?))
                order by as_of_date desc, electronic_sequence desc nulls last, created_at_bank desc nulls last
                limit 1""",
                (rs, n) -> new Previous(rs.getObject("id", UUID.class), new BalanceChecks.PreviousClosing(rs.getString("ref"),
                        date(rs, "as_of_date"), new BalanceChecks.Amount(rs.getBigDecimal("closing_balance"),
                                rs.getString("balance_currency")))),
                s.account(), s.opening.currency(), s.id().value(), s.asOf, s.asOf, seq).stream().findFirst().orElse(null);
    }

    private static BalanceChecks.Amount amount(Balance b) {
        return b == null ? null : new BalanceChecks.Amount(b.signedAmount(), b.currency());
    }

    List<ImportView> imports(ImportStatus status, int limit, UUID before) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select * from bank_import where 1 = 1");
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (before != null) {
            sql.append(" and (received_at, id) < (select received_at, id from bank_import where id = ?)");
            args.add(before);
        }
        sql.append(" order by received_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> importView(rs), args.toArray());
    }

    Optional<ImportView> importById(UUID id) {
        return jdbc.query("select * from bank_import where id = ?", (rs, n) -> importView(rs), id).stream().findFirst();
    }

    private ImportView importView(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String warnings = rs.getString("warnings");
        return new ImportView(id, rs.getString("file_name"), rs.getString("file_sha256"), rs.getLong("file_size"),
                rs.getString("channel"), rs.getTimestamp("received_at").toInstant(), ImportStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getObject("duplicate_of", UUID.class), rs.getString("format"),
                rs.getString("message_version"), warnings == null ? List.of() : Arrays.asList(warnings.split("\n")),
                statementsOf(id));
    }

    private List<StatementView> statementsOf(UUID importId) {
        return jdbc.query("select * from bank_statement where import_id = ? order by account_key, from_date nulls last, statement_id",
                (rs, n) -> new StatementView(new BankStatementId(rs.getObject("id", UUID.class)), rs.getString("statement_id"),
                        (Long) rs.getObject("electronic_sequence"), rs.getString("format"), rs.getString("message_version"),
                        rs.getString("account_key"), rs.getString("account_currency"),
                        instant(rs.getTimestamp("created_at_bank")), date(rs, "from_date"), date(rs, "to_date"),
                        rs.getBigDecimal("opening_balance"), rs.getBigDecimal("closing_balance"),
                        rs.getString("balance_currency"), rs.getInt("entry_count"), rs.getString("balance_check"),
                        rs.getString("continuity"), statementId(rs.getObject("previous_statement_id", UUID.class)),
                        rs.getString("balance_note"), rs.getInt("new_entries")),
                importId);
    }

    /**
     * The transactions that are new money in this statement (first seen, or booked now), as this statement reports them.
     * A line repeating a transaction seen before is left out: a listener keyed by entry id never sees money twice.
     */
    void entriesOf(BankStatementId statement, Consumer<BankEntryView> consumer) {
        jdbc.query("""
                select e.*, l.statement_id as line_statement_id, l.status as line_status
                from bank_entry_line l join bank_entry e on e.id = l.entry_id
                where l.statement_id = ? and l.outcome in ('NEW', 'BOOKED') order by l.entry_index""",
                rs -> {
                    consumer.accept(entryView(rs, "line_statement_id", "line_status"));
                }, statement.value());
    }

    Optional<BankEntryView> entry(BankEntryId id) {
        return jdbc.query("select * from bank_entry where id = ?", (rs, n) -> entryView(rs, "statement_id", "status"), id.value())
                .stream().findFirst();
    }

    private static BankStatementId statementId(UUID id) {
        return id == null ? null : new BankStatementId(id);
    }

    private <T> T readJson(String text, Class<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored " + type.getSimpleName() + " are not readable", e);
        }
    }

    private BankEntryView entryView(ResultSet rs, String statementColumn, String statusColumn) throws SQLException {
        List<TransactionDetail> details;
        try {
            details = json.readValue(rs.getString("details"), DETAILS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored transaction details are not readable", e);
        }
        BigDecimal amount = rs.getBigDecimal("amount");
        String currency = rs.getString("currency");
        return new BankEntryView(new BankEntryId(rs.getObject("id", UUID.class)),
                new BankStatementId(rs.getObject(statementColumn, UUID.class)), toMoney(amount, currency),
                rs.getBoolean("credit"), rs.getBoolean("reversal"), rs.getString(statusColumn), date(rs, "booking_date"),
                date(rs, "value_date"), rs.getString("account_servicer_ref"), rs.getString("additional_info"), details,
                rs.getString("bank_tx_proprietary"), readJson(rs.getString("charges"), Charges.class),
                readJson(rs.getString("amount_details"), AmountDetails.class), rs.getString("identity_key"),
                rs.getInt("times_reported"), rs.getString("bank_tx_domain"), rs.getString("bank_tx_family"),
                rs.getString("bank_tx_subfamily"));
    }

    /** Bank files may carry more decimals than the currency has (seen in real files): keep them exact. */
    private static Money toMoney(BigDecimal amount, String currency) {
        try {
            return Money.of(amount, currency);
        } catch (IllegalArgumentException e) {
            return Money.of(amount.setScale(Money.scaleOf(currency), java.math.RoundingMode.HALF_EVEN), currency);
        }
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** Running totals of the statement being imported. */
    static final class OpenStatement {
        private final BankStatementId id;
        private final String account;
        private final StatementHeader header;
        private final Balance opening;
        private final Balance closing;
        private final LocalDate asOf;
        private int entries;
        private int newEntries;
        private BigDecimal credits = BigDecimal.ZERO;
        private BigDecimal debits = BigDecimal.ZERO;
        private boolean mixedCurrency;

        OpenStatement(BankStatementId id, String account, StatementHeader header, Balance opening, Balance closing,
                LocalDate asOf) {
            this.id = id;
            this.account = account;
            this.header = header;
            this.opening = opening;
            this.closing = closing;
            this.asOf = asOf;
        }

        /** Counts the line into the statement's totals and gives its identity's base (the ordinal is numbered in SQL). */
        EntryIdentity.Base add(ParsedEntry e) {
            entries++;
            if (opening != null && opening.currency() != null && !opening.currency().equals(e.currency())) {
                mixedCurrency = true;
            }
            if (e.credit()) {
                credits = credits.add(e.amount());
            } else {
                debits = debits.add(e.amount());
            }
            return EntryIdentity.base(new EntryIdentity.Facts(e.accountServicerRef(), e.credit(), e.reversal(), e.amount(),
                    e.currency(), e.bookingDate(), e.valueDate()));
        }

        BankStatementId id() {
            return id;
        }

        String account() {
            return account;
        }

        int entryCount() {
            return entries;
        }

        int newEntries() {
            return newEntries;
        }

        BigDecimal credits() {
            return credits;
        }

        BigDecimal debits() {
            return debits;
        }
    }
}
