package io.encaisse.bank.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.BankStatementId;
import io.encaisse.bank.ImportOutcome;
import io.encaisse.bank.ImportStatus;
import io.encaisse.bank.ImportView;
import io.encaisse.bank.StatementView;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.bank.internal.parser.Balance;
import io.encaisse.bank.internal.parser.ParseSummary;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
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
        jdbc.update("""
                insert into bank_statement (id, import_id, format, message_version, message_id, statement_id, electronic_sequence,
                    created_at_bank, account_key, account_iban, account_other_id, account_currency, servicer_bic, from_date, to_date,
                    opening_balance, closing_balance, balance_currency, entry_count, credit_total, debit_total, balance_check)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 'PENDING')""",
                id, importId, h.format(), h.messageVersion(), h.messageId(), h.statementId(), h.electronicSequence(),
                h.creationTime() == null ? null : Timestamp.from(h.creationTime()), accountKey(h), h.accountIban(),
                h.accountOtherId(), h.accountCurrency(), h.servicerBic(), h.fromDate(), h.toDate(),
                opening == null ? null : opening.signedAmount(), closing == null ? null : closing.signedAmount(), balanceCurrency);
        List<Object[]> balances = new ArrayList<>();
        for (int i = 0; i < h.balances().size(); i++) {
            Balance b = h.balances().get(i);
            balances.add(new Object[] {id, i, b.code(), b.signedAmount(), b.currency(), b.date()});
        }
        if (!balances.isEmpty()) {
            jdbc.batchUpdate("insert into bank_balance (statement_id, position, code, amount, currency, balance_date) values (?, ?, ?, ?, ?, ?)",
                    balances);
        }
        return new OpenStatement(new BankStatementId(id), accountKey(h), opening, closing);
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

    Object[] entryRow(BankStatementId statement, ParsedEntry e, String detailsJson) {
        return new Object[] {UUID.randomUUID(), statement.value(), e.index(), e.amount(), e.currency(), e.credit(), e.reversal(),
                e.status(), e.bookingDate(), e.valueDate(), truncate(e.accountServicerRef(), 128), truncate(e.entryRef(), 128),
                truncate(e.bankTxDomain(), 8), truncate(e.bankTxFamily(), 8), truncate(e.bankTxSubFamily(), 8),
                truncate(e.bankTxProprietary(), 128), e.additionalInfo(), detailsJson};
    }

    private static final int[] ENTRY_TYPES = {Types.OTHER, Types.OTHER, Types.INTEGER, Types.NUMERIC, Types.VARCHAR, Types.BOOLEAN,
            Types.BOOLEAN, Types.VARCHAR, Types.DATE, Types.DATE, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.OTHER};

    void insertEntries(List<Object[]> rows) {
        jdbc.batchUpdate("""
                insert into bank_entry (id, statement_id, entry_index, amount, currency, credit, reversal, status, booking_date,
                    value_date, account_servicer_ref, entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily,
                    bank_tx_proprietary, additional_info, details)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""", rows, ENTRY_TYPES);
    }

    void finishStatement(OpenStatement s) {
        jdbc.update("update bank_statement set entry_count = ?, credit_total = ?, debit_total = ?, balance_check = ? where id = ?",
                s.entryCount(), s.credits(), s.debits(), s.balanceCheck(), s.id().value());
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
                        rs.getString("balance_currency"), rs.getInt("entry_count"), rs.getString("balance_check")),
                importId);
    }

    void entriesOf(BankStatementId statement, Consumer<BankEntryView> consumer) {
        jdbc.query("select * from bank_entry where statement_id = ? order by entry_index",
                rs -> {
                    consumer.accept(entryView(rs));
                }, statement.value());
    }

    Optional<BankEntryView> entry(BankEntryId id) {
        return jdbc.query("select * from bank_entry where id = ?", (rs, n) -> entryView(rs), id.value()).stream().findFirst();
    }

    private BankEntryView entryView(ResultSet rs) throws SQLException {
        List<TransactionDetail> details;
        try {
            details = json.readValue(rs.getString("details"), DETAILS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored transaction details are not readable", e);
        }
        BigDecimal amount = rs.getBigDecimal("amount");
        String currency = rs.getString("currency");
        return new BankEntryView(new BankEntryId(rs.getObject("id", UUID.class)),
                new BankStatementId(rs.getObject("statement_id", UUID.class)), toMoney(amount, currency),
                rs.getBoolean("credit"), rs.getBoolean("reversal"), rs.getString("status"), date(rs, "booking_date"),
                date(rs, "value_date"), rs.getString("account_servicer_ref"), rs.getString("additional_info"), details);
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

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Running totals of the statement being imported. */
    static final class OpenStatement {
        private final BankStatementId id;
        private final String account;
        private final Balance opening;
        private final Balance closing;
        private int entries;
        private BigDecimal credits = BigDecimal.ZERO;
        private BigDecimal debits = BigDecimal.ZERO;
        private boolean mixedCurrency;

        OpenStatement(BankStatementId id, String account, Balance opening, Balance closing) {
            this.id = id;
            this.account = account;
            this.opening = opening;
            this.closing = closing;
        }

        void add(ParsedEntry e) {
            entries++;
            if (opening != null && opening.currency() != null && !opening.currency().equals(e.currency())) {
                mixedCurrency = true;
            }
            if (e.credit()) {
                credits = credits.add(e.amount());
            } else {
                debits = debits.add(e.amount());
            }
        }

        /** OK when opening + credits - debits = closing; BREAK when not; UNKNOWN without both balances in one currency. */
        String balanceCheck() {
            if (opening == null || closing == null || mixedCurrency || opening.currency() == null
                    || !opening.currency().equals(closing.currency())) {
                return "UNKNOWN";
            }
            return opening.signedAmount().add(credits).subtract(debits).compareTo(closing.signedAmount()) == 0 ? "OK" : "BREAK";
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

        BigDecimal credits() {
            return credits;
        }

        BigDecimal debits() {
            return debits;
        }
    }
}
