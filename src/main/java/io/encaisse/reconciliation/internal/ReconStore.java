package io.encaisse.reconciliation.internal;

import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.PaymentApplication;
import io.encaisse.reconciliation.AllocationId;
import io.encaisse.reconciliation.AllocationView;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.TransactionStatus;
import io.encaisse.reconciliation.TransactionView;
import io.encaisse.shared.Money;
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
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reconciliation module's tables. */
@Repository
class ReconStore {

    private final JdbcTemplate jdbc;

    ReconStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Txn(BankTransactionId id, Money amount, Money unapplied, LocalDate bookingDate, LocalDate valueDate,
               String counterpartyName, String counterpartyIban, String remittance, List<String> structuredRefs,
               TransactionStatus status, String reason) {
    }

    /** @return the new transaction, or empty when this bank entry was registered before */
    Optional<Txn> register(BankEntryView e, String remittance, Instant now) {
        TransactionDetail first = e.details().isEmpty() ? null : e.details().get(0);
        List<String> refs = new ArrayList<>();
        for (TransactionDetail d : e.details()) {
            if (d.structuredReferences() != null) {
                d.structuredReferences().forEach(r -> refs.add(r.reference()));
            }
        }
        // bank amounts can carry more decimals than the currency; what is applied is at the currency's scale
        Money amount = Money.of(e.amount().amount().setScale(Money.scaleOf(e.amount().currency()), RoundingMode.HALF_EVEN),
                e.amount().currency());
        UUID id = UUID.randomUUID();
        int rows = jdbc.update("""
                insert into recon_transaction (id, bank_entry_id, statement_id, amount, currency, unapplied_amount, value_date,
                    booking_date, counterparty_name, counterparty_iban, remittance, structured_refs, status, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'UNMATCHED', ?, ?)
                on conflict (bank_entry_id) do nothing""",
                id, e.id().value(), e.statementId().value(), amount.amount(), amount.currency(), amount.amount(), e.valueDate(),
                e.bookingDate(), first == null ? null : truncate(first.counterpartyName(), 255),
                first == null ? null : first.counterpartyIban(), remittance, refs.isEmpty() ? null : String.join("\n", refs),
                Timestamp.from(now), Timestamp.from(now));
        if (rows == 0) {
            return Optional.empty();
        }
        return Optional.of(new Txn(new BankTransactionId(id), amount, amount, e.bookingDate(), e.valueDate(),
                first == null ? null : first.counterpartyName(), first == null ? null : first.counterpartyIban(), remittance,
                refs, TransactionStatus.UNMATCHED, null));
    }

    Txn lock(BankTransactionId id) {
        return jdbc.queryForObject("select * from recon_transaction where id = ? for update", (rs, n) -> txn(rs), id.value());
    }

    List<Txn> unmatchedMentioning(String invoiceNumber, String currency) {
        String like = "%" + invoiceNumber.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.query("""
                select * from recon_transaction
                where status = 'UNMATCHED' and currency = ? and (remittance ilike ? or structured_refs ilike ?)
                order by created_at limit 100""", (rs, n) -> txn(rs), currency, like, like);
    }

    void markUnmatched(BankTransactionId id, String reason, Instant now) {
        jdbc.update("update recon_transaction set status = 'UNMATCHED', reason = ?, updated_at = ? where id = ?",
                reason, Timestamp.from(now), id.value());
    }

    void markApplied(BankTransactionId id, Money unapplied, TransactionStatus status, String reason, Instant now) {
        jdbc.update("update recon_transaction set status = ?, unapplied_amount = ?, reason = ?, updated_at = ? where id = ?",
                status.name(), unapplied.amount(), reason, Timestamp.from(now), id.value());
    }

    AllocationId insertAllocation(BankTransactionId txn, PaymentApplication applied, String rule, String explanation, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into allocation (id, transaction_id, invoice_id, invoice_number, customer_ref, amount, currency, rule,
                    explanation, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, txn.value(), applied.invoice().id().value(), applied.invoice().number().value(),
                applied.invoice().customer().value(), applied.applied().amount(), applied.applied().currency(), rule, explanation,
                Timestamp.from(now));
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
        return new TransactionView(t.id(), new BankEntryId(rs.getObject("bank_entry_id", UUID.class)), t.amount(), t.unapplied(),
                t.bookingDate(), t.valueDate(), t.counterpartyName(), t.counterpartyIban(), t.remittance(), t.status(), t.reason(),
                allocations, rs.getTimestamp("created_at").toInstant());
    }

    private static Txn txn(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        String refs = rs.getString("structured_refs");
        return new Txn(new BankTransactionId(rs.getObject("id", UUID.class)), Money.of(rs.getBigDecimal("amount"), currency),
                Money.of(rs.getBigDecimal("unapplied_amount"), currency), rs.getObject("booking_date", LocalDate.class),
                rs.getObject("value_date", LocalDate.class), rs.getString("counterparty_name"), rs.getString("counterparty_iban"),
                rs.getString("remittance"), refs == null ? List.of() : Arrays.asList(refs.split("\n")),
                TransactionStatus.valueOf(rs.getString("status")), rs.getString("reason"));
    }

    private static AllocationView allocation(ResultSet rs) throws SQLException {
        Timestamp reversed = rs.getTimestamp("reversed_at");
        return new AllocationView(new AllocationId(rs.getObject("id", UUID.class)),
                new BankTransactionId(rs.getObject("transaction_id", UUID.class)), new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                new InvoiceNumber(rs.getString("invoice_number")), Money.of(rs.getBigDecimal("amount"), rs.getString("currency")),
                rs.getString("rule"), rs.getString("explanation"), rs.getTimestamp("created_at").toInstant(),
                reversed == null ? null : reversed.toInstant());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
