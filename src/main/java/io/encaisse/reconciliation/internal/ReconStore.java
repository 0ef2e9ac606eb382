package io.encaisse.reconciliation.internal;

import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.PaymentApplication;
import io.encaisse.reconciliation.AllocationEventView;
import io.encaisse.reconciliation.AllocationId;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.TransactionKind;
import io.encaisse.reconciliation.TransactionStatus;
import io.encaisse.reconciliation.TransactionView;
import io.encaisse.reconciliation.PayerRuleView;
import java.util.Collection;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.reconciliation.SuggestionView;
import io.encaisse.reconciliation.internal.domain.Candidate;
import io.encaisse.reconciliation.internal.domain.Exchange;
import io.encaisse.reconciliation.internal.domain.InvoiceKeys;
import io.encaisse.reconciliation.internal.domain.ReturnMatcher;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reconciliation module's tables. */
@Repository
class ReconStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    ReconStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Txn(BankTransactionId id, Money amount, Money unapplied, LocalDate bookingDate, LocalDate valueDate,
               String counterpartyName, String counterpartyIban, String remittance, List<String> structuredRefs,
               TransactionStatus status, String reason, TransactionKind kind, String account, List<String> endToEndIds,
               List<String> instructionIds, String returnReason, boolean autoMatch, Money charges, Exchange exchange,
               List<String> mandateIds) {

        /** The payer's ids a rule may find an invoice by: end-to-end, mandate and instruction ids. */
        List<String> paymentIds() {
            List<String> ids = new ArrayList<>(endToEndIds);
            ids.addAll(mandateIds);
            ids.addAll(instructionIds);
            return ids.stream().distinct().toList();
        }
    }

    /**
     * What the entry says about a currency exchange: entry-level AmtDtls, else those of its only transaction detail;
     * the instructed amount, and the first CcyXchg with a rate (instructed, transaction, counter value, announced).
     */
    static Exchange exchange(BankEntryView e) {
        AmountDetails d = e.amountDetails();
        if (d == null && e.details().size() == 1) {
            d = e.details().get(0).amountDetails();
        }
        if (d == null) {
            return null;
        }
        Money instructed = null;
        if (d.instructed() != null && d.instructed().amount() != null && d.instructed().currency() != null
                && Money.isKnownCurrency(d.instructed().currency())) {
            instructed = Money.of(d.instructed().amount().abs().setScale(Money.scaleOf(d.instructed().currency()),
                    RoundingMode.HALF_EVEN), d.instructed().currency());
        }
        AmountDetails.ExchangedAmount x = null;
        for (AmountDetails.ExchangedAmount a : java.util.Arrays.asList(d.instructed(), d.transaction(), d.counterValue(),
                d.announcedPosting())) {
            if (a != null && a.rate() != null && a.rate().signum() > 0 && a.sourceCurrency() != null && a.targetCurrency() != null) {
                x = a;
                break;
            }
        }
        if (instructed == null && x == null) {
            return null;
        }
        return x == null ? new Exchange(instructed, null, null, null, null)
                : new Exchange(instructed, x.sourceCurrency(), x.targetCurrency(), x.unitCurrency(), x.rate());
    }

    /** @return the new transaction, or empty when this bank entry was registered before */
    Optional<Txn> register(BankEntryView e, String account, String remittance, Money charges, Instant now) {
        TransactionDetail first = e.details().isEmpty() ? null : e.details().get(0);
        List<String> refs = new ArrayList<>();
        for (TransactionDetail d : e.details()) {
            if (d.structuredReferences() != null) {
                d.structuredReferences().forEach(r -> refs.add(r.reference()));
            }
        }
        return insert(e, 0, TransactionKind.CREDIT, account, atCurrencyScale(e.amount()), first, e.details(), remittance, refs,
                TransactionStatus.UNMATCHED, charges, now);
    }

    /**
     * Registers a chunk of credits in one batch.
     *
     * @return the credits registered now, in order (those registered before are left out)
     */
    List<Txn> registerAll(List<BankEntryView> entries, String account, Instant now) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        List<Txn> txns = new ArrayList<>(entries.size());
        for (BankEntryView e : entries) {
            String remittance = ReconciliationService.remittance(e);
            Money charges = ReconciliationService.reportedCharges(e);
            List<String> refs = new ArrayList<>();
            for (TransactionDetail d : e.details()) {
                if (d.structuredReferences() != null) {
                    d.structuredReferences().forEach(r -> refs.add(r.reference()));
                }
            }
            TransactionDetail first = e.details().isEmpty() ? null : e.details().get(0);
            NewRow row = newRow(e, 0, TransactionKind.CREDIT, account, atCurrencyScale(e.amount()), first, e.details(), remittance,
                    refs, TransactionStatus.UNMATCHED, charges, now);
            rows.add(row.args());
            txns.add(row.txn());
        }
        // the rows inserted now: an entry registered before (or concurrently) kept its own row
        Set<UUID> inserted = new java.util.HashSet<>(bulkQuery(INSERT_ALL, rows, rs -> rs.getObject(1, UUID.class)));
        return txns.stream().filter(t -> inserted.contains(t.id().value())).toList();
    }

    /**
     * Registers one returned payment of a return entry: the whole entry ({@code detailIndex} 0) or one transaction detail
     * of a batch return.
     *
     * @return the new row, or empty when it was registered before
     */
    Optional<Txn> registerReturn(BankEntryView e, int detailIndex, String account, Money amount, TransactionDetail detail,
            String remittance, Instant now) {
        return insert(e, detailIndex, TransactionKind.RETURN, account, atCurrencyScale(amount), detail,
                detail == null ? List.of() : List.of(detail), remittance, List.of(), TransactionStatus.RETURN_UNMATCHED, null, now);
    }

    /** Bank amounts can carry more decimals than the currency; what is applied is at the currency's scale. */
    static Money atCurrencyScale(Money m) {
        return Money.of(m.amount().setScale(Money.scaleOf(m.currency()), RoundingMode.HALF_EVEN), m.currency());
    }

    private static final String INSERT = """
            insert into recon_transaction (id, bank_entry_id, detail_index, statement_id, kind, account, amount, currency,
                unapplied_amount, value_date, booking_date, counterparty_name, counterparty_iban, remittance, structured_refs,
                end_to_end_ids, instruction_ids, return_reason, status, created_at, updated_at, remittance_key, charges_amount,
                instructed_amount, instructed_currency, fx_source_currency, fx_target_currency, fx_unit_currency, fx_rate,
                mandate_ids)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (bank_entry_id, detail_index) do nothing""";

    private static final String INSERT_ALL = """
            insert into recon_transaction (id, bank_entry_id, detail_index, statement_id, kind, account, amount, currency,
                unapplied_amount, value_date, booking_date, counterparty_name, counterparty_iban, remittance, structured_refs,
                end_to_end_ids, instruction_ids, return_reason, status, created_at, updated_at, remittance_key, charges_amount,
                instructed_amount, instructed_currency, fx_source_currency, fx_target_currency, fx_unit_currency, fx_rate,
                mandate_ids)
            """ + unnestSelect("uuid", "uuid", "int", "uuid", "", "", "numeric", "", "numeric", "date", "date", "", "", "", "", "", "",
            "", "", "timestamptz", "timestamptz", "", "numeric", "numeric", "", "", "", "", "numeric", "") + """
            on conflict (bank_entry_id, detail_index) do nothing
            returning id""";

    /**
     * {@code select u.c1::type1, ... from unnest(?::text[], ...) as u(c1, ...)}: many rows in one statement, each column
     * bound as one text array and cast back to its type ("" for text). A JDBC batch is one execution per row (15 to 35 ms
     * per chunk of 250 rows on a loaded machine); this is one.
     */
    static String unnestSelect(String... casts) {
        StringBuilder select = new StringBuilder("select ");
        StringBuilder from = new StringBuilder(" from unnest(");
        StringBuilder names = new StringBuilder(") as u(");
        for (int i = 1; i <= casts.length; i++) {
            String sep = i == 1 ? "" : ", ";
            select.append(sep).append("u.c").append(i).append(casts[i - 1].isEmpty() ? "" : "::" + casts[i - 1]);
            from.append(sep).append("?::text[]");
            names.append(sep).append("c").append(i);
        }
        return select.append(from).append(names).append(')').toString();
    }

    /** Binds column i of every row as the text array parameter i (see {@link #unnestSelect}). */
    private static java.sql.PreparedStatement bindColumns(java.sql.Connection con, String sql, List<Object[]> rows)
            throws SQLException {
        java.sql.PreparedStatement ps = con.prepareStatement(sql);
        int columns = rows.get(0).length;
        for (int c = 0; c < columns; c++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = text(rows.get(r)[c]);
            }
            ps.setArray(c + 1, con.createArrayOf("text", values));
        }
        return ps;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().toString(); // ISO-8601 in UTC: read the same whatever the session's time zone
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    private int bulk(String sql, List<Object[]> rows) {
        return rows.isEmpty() ? 0 : jdbc.update(con -> bindColumns(con, sql, rows));
    }

    private <T> List<T> bulkQuery(String sql, List<Object[]> rows, Column<T> mapper) {
        return rows.isEmpty() ? List.of() : jdbc.query(con -> bindColumns(con, sql, rows), mapper);
    }

    private interface Column<T> extends org.springframework.jdbc.core.RowMapper<T> {
        T read(ResultSet rs) throws SQLException;

        @Override
        default T mapRow(ResultSet rs, int rowNum) throws SQLException {
            return read(rs);
        }
    }

    private record NewRow(Object[] args, Txn txn) {
    }

    private static NewRow newRow(BankEntryView e, int detailIndex, TransactionKind kind, String account, Money amount,
            TransactionDetail first, List<TransactionDetail> details, String remittance, List<String> refs,
            TransactionStatus status, Money charges, Instant now) {
        List<String> e2e = details.stream().map(TransactionDetail::endToEndId).filter(ReturnMatcher::usableId)
                .map(String::trim).distinct().toList();
        List<String> instr = details.stream().map(TransactionDetail::instructionId).filter(ReturnMatcher::usableId)
                .map(String::trim).distinct().toList();
        List<String> mandates = details.stream().map(TransactionDetail::mandateId).filter(ReturnMatcher::usableId)
                .map(String::trim).distinct().toList();
        Exchange fx = kind == TransactionKind.CREDIT ? exchange(e) : null;
        String returnReason = kind == TransactionKind.RETURN && first != null ? truncate(first.returnReason(), 35) : null;
        UUID id = UUID.randomUUID();
        String name = first == null ? null : truncate(first.counterpartyName(), 255);
        String iban = first == null ? null : truncate(ReturnMatcher.normalizeIban(first.counterpartyIban()), 34);
        Money unapplied = kind == TransactionKind.CREDIT ? amount : Money.zero(amount.currency());
        Object[] args = {id, e.id().value(), detailIndex, e.statementId().value(), kind.name(), truncate(account, 64),
                amount.amount(), amount.currency(), unapplied.amount(), e.valueDate(), e.bookingDate(), name, iban, remittance,
                refs.isEmpty() ? null : String.join("\n", refs), e2e.isEmpty() ? null : String.join("\n", e2e),
                instr.isEmpty() ? null : String.join("\n", instr), returnReason, status.name(), Timestamp.from(now),
                Timestamp.from(now), InvoiceKeys.key((remittance == null ? "" : remittance) + " " + String.join(" ", refs)),
                charges == null ? null : charges.amount(),
                fx == null || fx.instructed() == null ? null : fx.instructed().amount(),
                fx == null || fx.instructed() == null ? null : fx.instructed().currency(),
                fx == null ? null : truncate(fx.sourceCurrency(), 3), fx == null ? null : truncate(fx.targetCurrency(), 3),
                fx == null ? null : truncate(fx.unitCurrency(), 3), fx == null ? null : fx.rate(),
                mandates.isEmpty() ? null : String.join("\n", mandates)};
        // what a read of the new row gives (numeric(19,4) comes back at scale 4)
        Txn txn = new Txn(new BankTransactionId(id), at4(amount), at4(unapplied), e.bookingDate(), e.valueDate(), name, iban,
                remittance, List.copyOf(refs), status, null, kind, truncate(account, 64), e2e, instr, returnReason, true,
                charges == null ? null : at4(charges), fx, mandates);
        return new NewRow(args, txn);
    }

    private static Money at4(Money m) {
        return Money.of(m.amount().setScale(4, RoundingMode.HALF_EVEN), m.currency());
    }

    private Optional<Txn> insert(BankEntryView e, int detailIndex, TransactionKind kind, String account, Money amount,
            TransactionDetail first, List<TransactionDetail> details, String remittance, List<String> refs,
            TransactionStatus status, Money charges, Instant now) {
        NewRow row = newRow(e, detailIndex, kind, account, amount, first, details, remittance, refs, status, charges, now);
        if (jdbc.update(INSERT, row.args()) == 0) {
            return Optional.empty();
        }
        return Optional.of(lock(row.txn().id()));
    }

    /** Credits on the account not returned yet that could be the original of a return (the rule decides). */
    List<ReturnMatcher.Candidate> returnCandidates(Txn ret, String endToEndId, String instructionId) {
        LocalDate date = ret.bookingDate() != null ? ret.bookingDate() : ret.valueDate();
        return jdbc.query("""
                select * from recon_transaction
                where kind = 'CREDIT' and status <> 'RETURNED' and account is not distinct from ? and currency = ?
                  and (? = any (string_to_array(end_to_end_ids, E'\\n'))
                       or ? = any (string_to_array(instruction_ids, E'\\n'))
                       or (amount = ? and counterparty_iban = ?
                           and (booking_date is null or ?::date is null or booking_date between ?::date - ? and ?::date)))
                order by created_at limit 50""",
                (rs, n) -> {
                    Txn t = txn(rs);
                    return new ReturnMatcher.Candidate(t.id().value(), t.amount(), t.account(), Set.copyOf(t.endToEndIds()),
                            Set.copyOf(t.instructionIds()), t.counterpartyIban(),
                            t.bookingDate() != null ? t.bookingDate() : t.valueDate());
                },
                ret.account(), ret.amount().currency(), endToEndId, instructionId, ret.amount().amount(),
                ret.counterpartyIban(), date, date, ReturnMatcher.WINDOW_DAYS, date);
    }

    Txn lock(BankTransactionId id) {
        return jdbc.queryForObject("select * from recon_transaction where id = ? for update", (rs, n) -> txn(rs), id.value());
    }

    Optional<Txn> lockIfExists(BankTransactionId id) {
        return jdbc.query("select * from recon_transaction where id = ? for update", (rs, n) -> txn(rs), id.value())
                .stream().findFirst();
    }

    /**
     * Credits waiting for a person (unmatched or suggested) whose remittance mentions the invoice number, however written,
     * in the invoice's currency or with exchange details that may convert into it.
     */
    List<Txn> unmatchedMentioning(String invoiceNumber, String currency) {
        String like = "%" + invoiceNumber.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String key = "%" + InvoiceKeys.key(invoiceNumber) + "%";
        return jdbc.query("""
                select * from recon_transaction
                where status in ('UNMATCHED', 'SUGGESTED') and kind = 'CREDIT' and auto_match
                  and (currency = ? or instructed_currency = ? or fx_source_currency = ? or fx_target_currency = ?)
                  and (remittance ilike ? or structured_refs ilike ? or remittance_key like ?)
                order by created_at limit 100""", (rs, n) -> txn(rs), currency, currency, currency, currency, like, like, key);
    }

    /**
     * {@link #unmatchedMentioning} for many invoices in one statement (a chunk of a batch upsert): the same condition and
     * limit per invoice, evaluated for each (number, currency) pair; the answer's i-th list belongs to the i-th pair.
     */
    List<List<Txn>> unmatchedMentioningAny(List<String> invoiceNumbers, List<String> currencies) {
        int n = invoiceNumbers.size();
        List<List<Txn>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        if (n == 0) {
            return out;
        }
        String[] likes = new String[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            String number = invoiceNumbers.get(i);
            likes[i] = "%" + number.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            keys[i] = "%" + InvoiceKeys.key(number) + "%";
        }
        jdbc.query(con -> {
            java.sql.PreparedStatement ps = con.prepareStatement("""
                    select n.ord, t.* from unnest(?::varchar[], ?::varchar[], ?::varchar[]) with ordinality as n(currency, pattern, key, ord)
                    cross join lateral (
                        select * from recon_transaction
                        where status in ('UNMATCHED', 'SUGGESTED') and kind = 'CREDIT' and auto_match
                          and (currency = n.currency or instructed_currency = n.currency or fx_source_currency = n.currency
                               or fx_target_currency = n.currency)
                          and (remittance ilike n.pattern or structured_refs ilike n.pattern or remittance_key like n.key)
                        order by created_at limit 100) t
                    order by n.ord, t.created_at""");
            ps.setArray(1, con.createArrayOf("varchar", currencies.toArray()));
            ps.setArray(2, con.createArrayOf("varchar", likes));
            ps.setArray(3, con.createArrayOf("varchar", keys));
            return ps;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> out.get((int) rs.getLong(1) - 1).add(txn(rs)));
        return out;
    }

    /** Waits for a person with these candidates, best first. */
    void markSuggested(BankTransactionId id, String reason, List<Candidate> ranked, Instant now) {
        jdbc.update(UPDATE_SUGGESTED, reason, suggestionsJson(ranked), Timestamp.from(now), id.value());
    }

    private static String suggestionsJson(List<Candidate> ranked) {
        List<StoredSuggestion> stored = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            stored.add(new StoredSuggestion(i + 1, c.rule(), c.score(), c.lines().stream().map(l -> new StoredLine(
                    l.item().invoiceId(), l.item().invoiceNumber(), l.item().customerRef(), l.amount().amount(),
                    l.writeOff().amount())).toList(), c.unapplied().amount(), c.explanation(), c.evidence().reference(),
                    c.evidence().amount(), c.evidence().iban(), c.evidence().name(), c.lines().get(0).amount().currency()));
        }
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How suggestions are kept in {@code recon_transaction.suggestions} (amounts in the transaction's currency). */
    record StoredSuggestion(int rank, String rule, int score, List<StoredLine> lines, BigDecimal unapplied, String explanation,
            String reference, String amountEvidence, String iban, String name, String currency) {
    }

    record StoredLine(UUID invoiceId, String invoiceNumber, String customerRef, BigDecimal amount, BigDecimal writeOff) {
    }

    private static List<SuggestionView> suggestions(String json, String currency) {
        if (json == null) {
            return List.of();
        }
        try {
            List<StoredSuggestion> stored = JSON.readValue(json, new TypeReference<List<StoredSuggestion>>() { });
            // a suggestion of a converted payment is in its invoices' currency (older rows have none: the transaction's)
            return stored.stream().map(s -> new SuggestionView(s.rank(), s.rule(), s.score(), s.lines().stream()
                    .map(l -> new SuggestionView.Line(new InvoiceId(l.invoiceId()), new InvoiceNumber(l.invoiceNumber()),
                            new CustomerRef(l.customerRef()), money(l.amount(), s.currency(), currency),
                            money(l.writeOff(), s.currency(), currency)))
                    .toList(), money(s.unapplied(), s.currency(), currency), s.explanation(),
                    new SuggestionView.Evidence(s.reference(), s.amountEvidence(), s.iban(), s.name()))).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable suggestions: " + e.getMessage(), e);
        }
    }

    private static Money money(BigDecimal amount, String currency, String fallback) {
        String c = currency == null ? fallback : currency;
        return Money.of(amount.setScale(Money.scaleOf(c), RoundingMode.HALF_EVEN), c);
    }

    // --- payer rules

    private static final String RULE_COLUMNS = "*";

    /** A payer rule as matching reads it. */
    record RuleRow(UUID id, String customerRef, PayerRuleView.Kind kind, String value, String match, PayerRuleView.Status status) {
    }

    /** The IBAN rules not rejected for these (normalised) IBANs. */
    List<RuleRow> ibanRules(Collection<String> ibans) {
        if (ibans.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                select id, customer_ref, kind, value, match, status from payer_rule
                where kind = 'IBAN' and status <> 'REJECTED' and value_key = any (?)
                order by created_at""", (rs, n) -> ruleRow(rs), (Object) ibans.toArray(String[]::new));
    }

    /** The reference rules not rejected that could be in a payment with these keys: EXACT ones by key, all others. */
    List<RuleRow> referenceRules(Collection<String> keys) {
        return jdbc.query("""
                select id, customer_ref, kind, value, match, status from payer_rule
                where kind = 'REFERENCE' and status <> 'REJECTED' and (match <> 'EXACT' or value_key = any (?))
                order by created_at limit 10000""", (rs, n) -> ruleRow(rs), (Object) keys.toArray(String[]::new));
    }

    private static RuleRow ruleRow(ResultSet rs) throws SQLException {
        return new RuleRow(rs.getObject("id", UUID.class), rs.getString("customer_ref"), PayerRuleView.Kind.valueOf(rs.getString("kind")),
                rs.getString("value"), rs.getString("match"), PayerRuleView.Status.valueOf(rs.getString("status")));
    }

    /**
     * Proposes (or counts once more) a rule learned from a person's allocation; an existing rule keeps its status (an
     * accepted one stays accepted, a rejected one is not proposed again).
     */
    void proposeRule(PayerRuleView.Kind kind, String value, String valueKey, String match, String customerRef,
            BankTransactionId evidence, String evidenceText, String actor, Instant now) {
        jdbc.update("""
                insert into payer_rule (id, customer_ref, kind, value, value_key, match, status, origin, evidence_transaction_id,
                    evidence, times_seen, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, 'PROPOSED', 'LEARNED', ?, ?, 1, ?, ?)
                on conflict (kind, value, match, customer_ref) do update set times_seen = payer_rule.times_seen + 1""",
                UUID.randomUUID(), customerRef, kind.name(), value, valueKey, match, evidence.value(), evidenceText,
                Timestamp.from(now), truncate(actor, 64));
    }

    /** Inserts a configured rule (accepted), or accepts the equal one that exists; returns its id and whether it is new. */
    Map.Entry<UUID, Boolean> configureRule(PayerRuleView.Kind kind, String value, String valueKey, String match, String customerRef,
            String note, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        int rows = jdbc.update("""
                insert into payer_rule (id, customer_ref, kind, value, value_key, match, status, origin, evidence, created_at,
                    created_by, decided_at, decided_by, decision_reason)
                values (?, ?, ?, ?, ?, ?, 'ACCEPTED', 'CONFIGURED', ?, ?, ?, ?, ?, ?)
                on conflict (kind, value, match, customer_ref) do nothing""",
                id, customerRef, kind.name(), value, valueKey, match, note, Timestamp.from(now), truncate(actor, 64),
                Timestamp.from(now), truncate(actor, 64), note);
        if (rows == 1) {
            return Map.entry(id, true);
        }
        UUID existing = jdbc.queryForObject("""
                select id from payer_rule where kind = ? and value = ? and match = ? and customer_ref = ?""", UUID.class,
                kind.name(), value, match, customerRef);
        decideRule(existing, PayerRuleView.Status.ACCEPTED, note, actor, now);
        return Map.entry(existing, false);
    }

    void decideRule(UUID id, PayerRuleView.Status status, String reason, String actor, Instant now) {
        jdbc.update("update payer_rule set status = ?, decided_at = ?, decided_by = ?, decision_reason = ? where id = ?",
                status.name(), Timestamp.from(now), truncate(actor, 64), reason, id);
    }

    Optional<PayerRuleView> payerRule(UUID id) {
        return jdbc.query("select * from payer_rule where id = ?", (rs, n) -> ruleView(rs), id).stream().findFirst();
    }

    Optional<PayerRuleView> lockPayerRule(UUID id) {
        return jdbc.query("select * from payer_rule where id = ? for update", (rs, n) -> ruleView(rs), id).stream().findFirst();
    }

    List<PayerRuleView> payerRules(PayerRuleView.Status status, String customerRef, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select * from payer_rule where 1 = 1");
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (customerRef != null) {
            sql.append(" and customer_ref = ?");
            args.add(customerRef);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> ruleView(rs), args.toArray());
    }

    private static PayerRuleView ruleView(ResultSet rs) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new PayerRuleView(rs.getObject("id", UUID.class), rs.getString("customer_ref"),
                PayerRuleView.Kind.valueOf(rs.getString("kind")), rs.getString("value"), rs.getString("match"),
                PayerRuleView.Status.valueOf(rs.getString("status")), PayerRuleView.Origin.valueOf(rs.getString("origin")),
                rs.getObject("evidence_transaction_id", UUID.class), rs.getString("evidence"), rs.getInt("times_seen"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), decided == null ? null : decided.toInstant(),
                rs.getString("decided_by"), rs.getString("decision_reason"));
    }

    Outcomes outcomes() {
        return new Outcomes();
    }

    /** The decisions of a batch of credits, written in a few batched statements at its end. */
    final class Outcomes {

        private final List<Object[]> allocations = new ArrayList<>();
        private final List<Object[]> events = new ArrayList<>();
        private final List<Object[]> applied = new ArrayList<>();
        private final List<Object[]> suggested = new ArrayList<>();
        private final List<Object[]> unmatched = new ArrayList<>();

        /**
         * @param bank the credit's money used, in the account's currency, when it differs from {@code money} (a
         *        converted payment), else null
         */
        AllocationId allocation(BankTransactionId txn, PaymentApplication a, Money money, Money writeOff, Money bank,
                String rule, String explanation, Instant now) {
            UUID id = UUID.randomUUID();
            allocations.add(new Object[] {id, txn.value(), a.invoice().id().value(), a.invoice().number().value(),
                    a.invoice().customer().value(), money.amount(), money.currency(), rule, explanation, Timestamp.from(now),
                    writeOff.amount(), bank == null ? null : bank.amount(), bank == null ? null : bank.currency(),
                    bank == null ? null : money.amount().divide(bank.amount(), 10, RoundingMode.HALF_EVEN)});
            events.add(new Object[] {UUID.randomUUID(), id, txn.value(), AllocationEventView.Action.CREATED.name(),
                    AllocationEventView.SYSTEM, explanation, Timestamp.from(now)});
            return new AllocationId(id);
        }

        void applied(BankTransactionId id, Money unapplied, TransactionStatus status, String reason, Instant now) {
            applied.add(new Object[] {status.name(), unapplied.amount(), reason, Timestamp.from(now), id.value()});
        }

        void suggested(BankTransactionId id, String reason, List<Candidate> ranked, Instant now) {
            suggested.add(new Object[] {reason, suggestionsJson(ranked), Timestamp.from(now), id.value()});
        }

        void unmatched(BankTransactionId id, String reason, Instant now) {
            unmatched.add(new Object[] {reason, Timestamp.from(now), id.value()});
        }

        void write() {
            // one statement per kind of row (see unnestSelect)
            bulk(INSERT_ALLOCATIONS, allocations);
            bulk(INSERT_EVENTS, events);
            bulk(UPDATE_ALL_APPLIED, applied);
            bulk(UPDATE_ALL_SUGGESTED, suggested);
            bulk(UPDATE_ALL_UNMATCHED, unmatched);
        }
    }

    private static final String INSERT_ALLOCATION = """
            insert into allocation (id, transaction_id, invoice_id, invoice_number, customer_ref, amount, currency, rule,
                explanation, created_at, write_off_amount, bank_amount, bank_currency, exchange_rate)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_ALLOCATIONS = """
            insert into allocation (id, transaction_id, invoice_id, invoice_number, customer_ref, amount, currency, rule,
                explanation, created_at, write_off_amount, bank_amount, bank_currency, exchange_rate)
            """ + unnestSelect("uuid", "uuid", "uuid", "", "", "numeric", "", "", "", "timestamptz", "numeric", "numeric", "", "numeric");
    private static final String INSERT_EVENTS = """
            insert into allocation_event (id, allocation_id, transaction_id, action, actor, reason, at)
            """ + unnestSelect("uuid", "uuid", "uuid", "", "", "", "timestamptz");
    private static final String UPDATE_ALL_APPLIED = """
            update recon_transaction t set status = v.c1, unapplied_amount = v.c2::numeric, reason = v.c3, suggestions = null,
                updated_at = v.c4::timestamptz
            from (""" + unnestSelect("", "", "", "", "") + """
            ) v where t.id = v.c5::uuid""";
    private static final String UPDATE_ALL_SUGGESTED = """
            update recon_transaction t set status = 'SUGGESTED', reason = v.c1, suggestions = v.c2::jsonb,
                updated_at = v.c3::timestamptz
            from (""" + unnestSelect("", "", "", "") + """
            ) v where t.id = v.c4::uuid""";
    private static final String UPDATE_ALL_UNMATCHED = """
            update recon_transaction t set status = 'UNMATCHED', reason = v.c1, suggestions = null, updated_at = v.c2::timestamptz
            from (""" + unnestSelect("", "", "") + """
            ) v where t.id = v.c3::uuid""";
    private static final String UPDATE_SUGGESTED = """
            update recon_transaction set status = 'SUGGESTED', reason = ?, suggestions = ?::jsonb, updated_at = ?
            where id = ?""";

    void markUnmatched(BankTransactionId id, String reason, Instant now) {
        jdbc.update("update recon_transaction set status = 'UNMATCHED', reason = ?, suggestions = null, updated_at = ? where id = ?",
                reason, Timestamp.from(now), id.value());
    }

    void markApplied(BankTransactionId id, Money unapplied, TransactionStatus status, String reason, Instant now) {
        jdbc.update("""
                update recon_transaction set status = ?, unapplied_amount = ?, reason = ?, suggestions = null, updated_at = ?
                where id = ?""", status.name(), unapplied.amount(), reason, Timestamp.from(now), id.value());
    }

    /** A person acted on it: automatic matching leaves it alone from now on. */
    void markReviewed(BankTransactionId id, Money unapplied, TransactionStatus status, String reason, Instant now) {
        jdbc.update("""
                update recon_transaction set status = ?, unapplied_amount = ?, reason = ?, auto_match = false, suggestions = null,
                    updated_at = ?
                where id = ?""", status.name(), unapplied.amount(), reason, Timestamp.from(now), id.value());
    }

    /** The bank took the credit back: nothing of it is left to apply. */
    void markReturned(BankTransactionId original, BankTransactionId byReturn, String reason, Instant now) {
        jdbc.update("""
                update recon_transaction set status = 'RETURNED', unapplied_amount = 0, returned_by = ?, reason = ?,
                    updated_at = ? where id = ?""", byReturn.value(), reason, Timestamp.from(now), original.value());
    }

    void markReturnMatched(BankTransactionId ret, BankTransactionId original, String reason, Instant now) {
        jdbc.update("""
                update recon_transaction set status = 'RETURN_MATCHED', original_transaction_id = ?, reason = ?, updated_at = ?
                where id = ?""", original.value(), reason, Timestamp.from(now), ret.value());
    }

    void markReturnUnmatched(BankTransactionId ret, String reason, Instant now) {
        jdbc.update("update recon_transaction set status = 'RETURN_UNMATCHED', reason = ?, updated_at = ? where id = ?",
                reason, Timestamp.from(now), ret.value());
    }

    /** The allocations of a transaction still in force. */
    List<AllocationView> activeAllocations(BankTransactionId txn) {
        return jdbc.query("select * from allocation where transaction_id = ? and reversed_at is null order by created_at",
                (rs, n) -> allocation(rs), txn.value());
    }

    Optional<AllocationView> allocation(BankTransactionId txn, AllocationId id) {
        return jdbc.query("select * from allocation where id = ? and transaction_id = ?", (rs, n) -> allocation(rs),
                id.value(), txn.value()).stream().findFirst();
    }

    void markReversed(AllocationId id, String reason, Instant now) {
        jdbc.update("update allocation set reversed_at = ?, reversal_reason = ? where id = ? and reversed_at is null",
                Timestamp.from(now), reason, id.value());
    }

    void insertEvent(AllocationId allocation, BankTransactionId txn, AllocationEventView.Action action, String actor,
            String reason, Instant now) {
        jdbc.update("""
                insert into allocation_event (id, allocation_id, transaction_id, action, actor, reason, at)
                values (?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID(), allocation.value(), txn.value(), action.name(),
                truncate(actor, 64), reason, Timestamp.from(now));
    }

    List<AllocationEventView> audit(BankTransactionId txn) {
        return jdbc.query("""
                select e.*, a.invoice_number, a.amount, a.currency from allocation_event e join allocation a on a.id = e.allocation_id
                where e.transaction_id = ? order by e.at, e.action""",
                (rs, n) -> new AllocationEventView(new AllocationId(rs.getObject("allocation_id", UUID.class)),
                        new InvoiceNumber(rs.getString("invoice_number")), Money.of(rs.getBigDecimal("amount"), rs.getString("currency")),
                        AllocationEventView.Action.valueOf(rs.getString("action")), rs.getString("actor"), rs.getString("reason"),
                        rs.getTimestamp("at").toInstant()),
                txn.value());
    }

    AllocationId insertAllocation(BankTransactionId txn, PaymentApplication applied, String rule, String explanation, Instant now) {
        return insertAllocation(txn, applied, applied.applied(), Money.zero(applied.applied().currency()), null, rule, explanation, now);
    }

    /**
     * @param money the credit's money applied; {@code writeOff} what was booked on the invoice on top of it
     * @param bank the credit's money used in its own currency when {@code money} is a converted amount, else null
     */
    AllocationId insertAllocation(BankTransactionId txn, PaymentApplication applied, Money money, Money writeOff, Money bank,
            String rule, String explanation, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.update(INSERT_ALLOCATION, id, txn.value(), applied.invoice().id().value(), applied.invoice().number().value(),
                applied.invoice().customer().value(), money.amount(), money.currency(), rule, explanation,
                Timestamp.from(now), writeOff.amount(), bank == null ? null : bank.amount(), bank == null ? null : bank.currency(),
                bank == null ? null : money.amount().divide(bank.amount(), 10, RoundingMode.HALF_EVEN));
        return new AllocationId(id);
    }

    List<AllocationView> allocationsOf(InvoiceId invoice) {
        return jdbc.query("select * from allocation where invoice_id = ? order by created_at", (rs, n) -> allocation(rs),
                invoice.value());
    }

    List<TransactionView> transactions(TransactionStatus status, int limit, BankTransactionId before) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select * from recon_transaction where 1 = 1");
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (before != null) {
            sql.append(" and (created_at, id) < (select created_at, id from recon_transaction where id = ?)");
            args.add(before.value());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> view(rs), args.toArray());
    }

    /** The transaction's own row only (no allocations, audit or suggestions): one indexed read. */
    Optional<Txn> txn(BankTransactionId id) {
        return jdbc.query("select * from recon_transaction where id = ?", (rs, n) -> txn(rs), id.value()).stream().findFirst();
    }

    Optional<TransactionView> transaction(BankTransactionId id) {
        return jdbc.query("select * from recon_transaction where id = ?", (rs, n) -> view(rs), id.value()).stream().findFirst();
    }

    private TransactionView view(ResultSet rs) throws SQLException {
        Txn t = txn(rs);
        List<AllocationView> allocations = jdbc.query("select * from allocation where transaction_id = ? order by created_at",
                (r, n) -> allocation(r), t.id().value());
        UUID original = rs.getObject("original_transaction_id", UUID.class);
        UUID returnedBy = rs.getObject("returned_by", UUID.class);
        return new TransactionView(t.id(), new BankEntryId(rs.getObject("bank_entry_id", UUID.class)), t.amount(), t.unapplied(),
                t.bookingDate(), t.valueDate(), t.counterpartyName(), t.counterpartyIban(), t.remittance(), t.status(), t.reason(),
                allocations, rs.getTimestamp("created_at").toInstant(), t.kind(), t.returnReason(),
                original == null ? null : new BankTransactionId(original), returnedBy == null ? null : new BankTransactionId(returnedBy),
                audit(t.id()), suggestions(rs.getString("suggestions"), t.amount().currency()));
    }

    private static Txn txn(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        String refs = rs.getString("structured_refs");
        return new Txn(new BankTransactionId(rs.getObject("id", UUID.class)), Money.of(rs.getBigDecimal("amount"), currency),
                Money.of(rs.getBigDecimal("unapplied_amount"), currency), rs.getObject("booking_date", LocalDate.class),
                rs.getObject("value_date", LocalDate.class), rs.getString("counterparty_name"), rs.getString("counterparty_iban"),
                rs.getString("remittance"), refs == null ? List.of() : Arrays.asList(refs.split("\n")),
                TransactionStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                TransactionKind.valueOf(rs.getString("kind")), rs.getString("account"), lines(rs.getString("end_to_end_ids")),
                lines(rs.getString("instruction_ids")), rs.getString("return_reason"), rs.getBoolean("auto_match"),
                rs.getBigDecimal("charges_amount") == null ? null : Money.of(rs.getBigDecimal("charges_amount"), currency),
                exchange(rs), lines(rs.getString("mandate_ids")));
    }

    private static Exchange exchange(ResultSet rs) throws SQLException {
        BigDecimal instructed = rs.getBigDecimal("instructed_amount");
        String instructedCurrency = rs.getString("instructed_currency");
        BigDecimal rate = rs.getBigDecimal("fx_rate");
        if (instructed == null && rate == null) {
            return null;
        }
        return new Exchange(instructed == null ? null : Money.of(instructed.setScale(Money.scaleOf(instructedCurrency),
                RoundingMode.HALF_EVEN), instructedCurrency), rs.getString("fx_source_currency"), rs.getString("fx_target_currency"),
                rs.getString("fx_unit_currency"), rate);
    }

    private static List<String> lines(String s) {
        return s == null ? List.of() : Arrays.asList(s.split("\n"));
    }

    private static AllocationView allocation(ResultSet rs) throws SQLException {
        Timestamp reversed = rs.getTimestamp("reversed_at");
        return new AllocationView(new AllocationId(rs.getObject("id", UUID.class)),
                new BankTransactionId(rs.getObject("transaction_id", UUID.class)), new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                new InvoiceNumber(rs.getString("invoice_number")), Money.of(rs.getBigDecimal("amount"), rs.getString("currency")),
                rs.getString("rule"), rs.getString("explanation"), rs.getTimestamp("created_at").toInstant(),
                reversed == null ? null : reversed.toInstant(), rs.getString("reversal_reason"),
                Money.of(rs.getBigDecimal("write_off_amount"), rs.getString("currency")),
                rs.getBigDecimal("bank_amount") == null ? null : Money.of(rs.getBigDecimal("bank_amount"), rs.getString("bank_currency")),
                rs.getBigDecimal("exchange_rate"));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
