package io.encaisse.reconciliation.internal;

import io.encaisse.bank.BankEntryId;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.reconciliation.SuggestionView;
import io.encaisse.reconciliation.internal.domain.Candidate;
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
               List<String> instructionIds, String returnReason, boolean autoMatch, Money charges) {
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

    private Optional<Txn> insert(BankEntryView e, int detailIndex, TransactionKind kind, String account, Money amount,
            TransactionDetail first, List<TransactionDetail> details, String remittance, List<String> refs,
            TransactionStatus status, Money charges, Instant now) {
        List<String> e2e = details.stream().map(TransactionDetail::endToEndId).filter(ReturnMatcher::usableId)
                .map(String::trim).distinct().toList();
        List<String> instr = details.stream().map(TransactionDetail::instructionId).filter(ReturnMatcher::usableId)
                .map(String::trim).distinct().toList();
        String returnReason = kind == TransactionKind.RETURN && first != null ? truncate(first.returnReason(), 35) : null;
        UUID id = UUID.randomUUID();
        int rows = jdbc.update("""
                insert into recon_transaction (id, bank_entry_id, detail_index, statement_id, kind, account, amount, currency,
                    unapplied_amount, value_date, booking_date, counterparty_name, counterparty_iban, remittance, structured_refs,
                    end_to_end_ids, instruction_ids, return_reason, status, created_at, updated_at, remittance_key, charges_amount)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (bank_entry_id, detail_index) do nothing""",
                id, e.id().value(), detailIndex, e.statementId().value(), kind.name(), truncate(account, 64), amount.amount(),
                amount.currency(), kind == TransactionKind.CREDIT ? amount.amount() : BigDecimal.ZERO, e.valueDate(),
                e.bookingDate(), first == null ? null : truncate(first.counterpartyName(), 255),
                first == null ? null : truncate(ReturnMatcher.normalizeIban(first.counterpartyIban()), 34), remittance,
                refs.isEmpty() ? null : String.join("\n", refs), e2e.isEmpty() ? null : String.join("\n", e2e),
                instr.isEmpty() ? null : String.join("\n", instr), returnReason, status.name(), Timestamp.from(now),
                Timestamp.from(now), InvoiceKeys.key((remittance == null ? "" : remittance) + " " + String.join(" ", refs)),
                charges == null ? null : charges.amount());
        if (rows == 0) {
            return Optional.empty();
        }
        return Optional.of(lock(new BankTransactionId(id)));
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

    /** Credits waiting for a person (unmatched or suggested) whose remittance mentions the invoice number, however written. */
    List<Txn> unmatchedMentioning(String invoiceNumber, String currency) {
        String like = "%" + invoiceNumber.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String key = "%" + InvoiceKeys.key(invoiceNumber) + "%";
        return jdbc.query("""
                select * from recon_transaction
                where status in ('UNMATCHED', 'SUGGESTED') and kind = 'CREDIT' and auto_match and currency = ?
                  and (remittance ilike ? or structured_refs ilike ? or remittance_key like ?)
                order by created_at limit 100""", (rs, n) -> txn(rs), currency, like, like, key);
    }

    /** Waits for a person with these candidates, best first. */
    void markSuggested(BankTransactionId id, String reason, List<Candidate> ranked, Instant now) {
        List<StoredSuggestion> stored = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            stored.add(new StoredSuggestion(i + 1, c.rule(), c.score(), c.lines().stream().map(l -> new StoredLine(
                    l.item().invoiceId(), l.item().invoiceNumber(), l.item().customerRef(), l.amount().amount(),
                    l.writeOff().amount())).toList(), c.unapplied().amount(), c.explanation(), c.evidence().reference(),
                    c.evidence().amount(), c.evidence().iban(), c.evidence().name()));
        }
        String json;
        try {
            json = JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("""
                update recon_transaction set status = 'SUGGESTED', reason = ?, suggestions = ?::jsonb, updated_at = ?
                where id = ?""", reason, json, Timestamp.from(now), id.value());
    }

    /** How suggestions are kept in {@code recon_transaction.suggestions} (amounts in the transaction's currency). */
    record StoredSuggestion(int rank, String rule, int score, List<StoredLine> lines, BigDecimal unapplied, String explanation,
            String reference, String amountEvidence, String iban, String name) {
    }

    record StoredLine(UUID invoiceId, String invoiceNumber, String customerRef, BigDecimal amount, BigDecimal writeOff) {
    }

    private static List<SuggestionView> suggestions(String json, String currency) {
        if (json == null) {
            return List.of();
        }
        try {
            List<StoredSuggestion> stored = JSON.readValue(json, new TypeReference<List<StoredSuggestion>>() { });
            return stored.stream().map(s -> new SuggestionView(s.rank(), s.rule(), s.score(), s.lines().stream()
                    .map(l -> new SuggestionView.Line(new InvoiceId(l.invoiceId()), new InvoiceNumber(l.invoiceNumber()),
                            new CustomerRef(l.customerRef()), Money.of(l.amount(), currency), Money.of(l.writeOff(), currency)))
                    .toList(), Money.of(s.unapplied(), currency), s.explanation(),
                    new SuggestionView.Evidence(s.reference(), s.amountEvidence(), s.iban(), s.name()))).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable suggestions: " + e.getMessage(), e);
        }
    }

    /** A person confirmed that payments from this IBAN are this customer's. */
    void learnPayer(String iban, String customerRef, String source, Instant now) {
        jdbc.update("""
                insert into learned_payer (iban, customer_ref, source, confirmed_at) values (?, ?, ?, ?)
                on conflict (iban, customer_ref) do update set source = excluded.source, confirmed_at = excluded.confirmed_at""",
                iban, customerRef, source, Timestamp.from(now));
    }

    /** The customers learned for this IBAN, most recently confirmed first. */
    List<String> learnedCustomers(String iban) {
        return jdbc.queryForList("select customer_ref from learned_payer where iban = ? order by confirmed_at desc limit 10",
                String.class, iban);
    }

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
        return insertAllocation(txn, applied, applied.applied(), Money.zero(applied.applied().currency()), rule, explanation, now);
    }

    /** @param money the credit's money applied; {@code writeOff} what was booked on the invoice on top of it */
    AllocationId insertAllocation(BankTransactionId txn, PaymentApplication applied, Money money, Money writeOff, String rule,
            String explanation, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into allocation (id, transaction_id, invoice_id, invoice_number, customer_ref, amount, currency, rule,
                    explanation, created_at, write_off_amount)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, txn.value(), applied.invoice().id().value(), applied.invoice().number().value(),
                applied.invoice().customer().value(), money.amount(), money.currency(), rule, explanation,
                Timestamp.from(now), writeOff.amount());
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
                rs.getBigDecimal("charges_amount") == null ? null : Money.of(rs.getBigDecimal("charges_amount"), currency));
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
                Money.of(rs.getBigDecimal("write_off_amount"), rs.getString("currency")));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
