package io.encaisse.invoices.internal.erp.outbound;

import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.PaymentApplicationStatus;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.invoices.PaymentPosting;
import io.encaisse.shared.Money;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table erp_payment_application: the outbox of payment applications to the ERP. */
@Repository
class PaymentApplicationStore {

    static final String APPLY = "APPLY";
    static final String REVERSE = "REVERSE";

    private final JdbcTemplate jdbc;

    PaymentApplicationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Idempotent: a second record of the same allocation and direction changes nothing. */
    void insert(PaymentPosting p, String direction, String connector, PaymentApplicationStatus status, String note, Instant now) {
        jdbc.update("""
                insert into erp_payment_application (id, allocation_id, direction, connector, invoice_id, invoice_number,
                    customer_ref, currency, amount, value_date, bank_reference, status, attempts, next_attempt_at, last_error,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                on conflict (allocation_id, direction) do nothing""",
                UUID.randomUUID(), p.allocationId(), direction, connector, p.invoiceId().value(), p.invoiceNumber().value(),
                p.customer().value(), p.amount().currency(), p.amount().amount(), Date.valueOf(p.valueDate()),
                p.bankReference(), status.name(), status == PaymentApplicationStatus.PENDING ? Timestamp.from(now) : null, note,
                Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * Claims up to {@code limit} due PENDING applications for {@code lease} (another sender skips them meanwhile; a
     * crash leaves them due again when the lease ends). A reversal waits while its APPLY is still pending.
     */
    List<Row> claimDue(Instant now, Instant leaseEnd, int limit) {
        return jdbc.query("""
                update erp_payment_application set next_attempt_at = ? where id in (
                    select a.id from erp_payment_application a
                    where a.status = 'PENDING' and a.next_attempt_at <= ?
                      and (a.direction = 'APPLY' or not exists (select 1 from erp_payment_application p
                           where p.allocation_id = a.allocation_id and p.direction = 'APPLY' and p.status = 'PENDING'))
                    order by a.next_attempt_at, a.created_at limit ? for update skip locked)
                returning *""", PaymentApplicationStore::row, Timestamp.from(leaseEnd), Timestamp.from(now), limit);
    }

    Optional<Row> find(UUID id, boolean lock) {
        return jdbc.query("select * from erp_payment_application where id = ?" + (lock ? " for update" : ""),
                PaymentApplicationStore::row, id).stream().findFirst();
    }

    Optional<Row> find(UUID allocationId, String direction, boolean lock) {
        return jdbc.query("select * from erp_payment_application where allocation_id = ? and direction = ?"
                + (lock ? " for update" : ""), PaymentApplicationStore::row, allocationId, direction).stream().findFirst();
    }

    List<Row> ofAllocations(java.util.Collection<UUID> allocationIds) {
        return jdbc.query(con -> {
            java.sql.PreparedStatement ps = con.prepareStatement(
                    "select * from erp_payment_application where allocation_id = any (?) order by created_at, id");
            ps.setArray(1, con.createArrayOf("uuid", allocationIds.stream().distinct().toArray()));
            return ps;
        }, PaymentApplicationStore::row);
    }

    List<Row> list(PaymentApplicationStatus status, int limit, UUID before) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select * from erp_payment_application where 1 = 1");
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (before != null) {
            sql.append(" and (created_at, id) < (select created_at, id from erp_payment_application where id = ?)");
            args.add(before);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), PaymentApplicationStore::row, args.toArray());
    }

    void markSent(UUID id, String erpId, Instant now) {
        jdbc.update("""
                update erp_payment_application set status = 'SENT', attempts = attempts + 1, erp_id = ?, next_attempt_at = null,
                    last_error = null, sent_at = ?, updated_at = ? where id = ?""", erpId, Timestamp.from(now), Timestamp.from(now), id);
    }

    void markFailed(UUID id, int attempts, String reason, Instant now) {
        jdbc.update("""
                update erp_payment_application set status = 'FAILED', attempts = ?, next_attempt_at = null, last_error = ?,
                    updated_at = ? where id = ?""", attempts, reason, Timestamp.from(now), id);
    }

    void markSkipped(UUID id, String reason, Instant now) {
        jdbc.update("""
                update erp_payment_application set status = 'SKIPPED', next_attempt_at = null, last_error = ?, updated_at = ?
                where id = ?""", reason, Timestamp.from(now), id);
    }

    /** Stays PENDING: the next attempt at {@code next} (a failed attempt counts; a deferred one does not). */
    void reschedule(UUID id, int attempts, Instant next, String reason, Instant now) {
        jdbc.update("""
                update erp_payment_application set attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
                where id = ?""", attempts, Timestamp.from(next), reason, Timestamp.from(now), id);
    }

    void requeue(UUID id, Instant now) {
        jdbc.update("""
                update erp_payment_application set status = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?
                where id = ?""", Timestamp.from(now), Timestamp.from(now), id);
    }

    /** A row and the invoice it is for. */
    record Row(PaymentApplicationView view, UUID invoiceId) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        String currency = rs.getString("currency");
        return new Row(new PaymentApplicationView(rs.getObject("id", UUID.class), rs.getObject("allocation_id", UUID.class),
                rs.getString("direction"), rs.getString("connector"), new InvoiceNumber(rs.getString("invoice_number")),
                new CustomerRef(rs.getString("customer_ref")), Money.of(rs.getBigDecimal("amount"), currency),
                rs.getDate("value_date").toLocalDate(), rs.getString("bank_reference"),
                PaymentApplicationStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                rs.getString("last_error"), rs.getString("erp_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "sent_at")), rs.getObject("invoice_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
