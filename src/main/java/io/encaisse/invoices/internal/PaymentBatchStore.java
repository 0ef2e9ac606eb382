package io.encaisse.invoices.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The batch payment path ({@code Receivables.applyPayments}) in two statements per batch: one locking read of the
 * batch's invoices, in id order (two batches touching the same invoices lock them in the same order: no deadlock),
 * and one update of those the payments changed (arrays bound as parameters and {@code unnest}ed). Rows are read into
 * detached {@link InvoiceEntity} objects, never managed by JPA, so the ledger's rules ({@code InvoiceState}) stay in
 * one place. Joins the caller's transaction.
 */
@Repository
class PaymentBatchStore {

    private final JdbcTemplate jdbc;

    PaymentBatchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Locked(InvoiceEntity invoice, String customerRef) {
    }

    /** Locks the invoices (ids unknown are left out), in id order. */
    Map<UUID, Locked> lock(Collection<UUID> ids) {
        Map<UUID, Locked> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select i.id, i.invoice_number, i.customer_id, i.issue_date, i.due_date, i.currency, i.amount, i.open_amount,
                        i.erp_open_amount, i.cancelled, i.status, i.last_payment_date, i.purchase_order, i.payment_terms_code,
                        i.payment_terms_label, i.payment_terms_days, i.created_at, i.updated_at, i.version, i.hub_applied,
                        i.hub_booked, i.erp_paid, i.credit_noted, c.customer_ref
                    from invoice i join customer c on c.id = i.customer_id
                    where i.id = any (?)
                    order by i.id
                    for update of i""");
            ps.setArray(1, con.createArrayOf("uuid", ids.stream().distinct().toArray()));
            return ps;
        }, rs -> {
            InvoiceEntity e = InvoiceBatchStore.read(rs); // same 23 columns, in the same order
            out.put(e.id, new Locked(e, rs.getString(24)));
        });
        return out;
    }

    /**
     * Writes what a payment changes on the invoices (what the hub applied and the ERP's share of it, and the open
     * amount, status and last payment date that follow), checking the version read under the lock.
     */
    void writePayments(List<InvoiceEntity> changed, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        int rows = jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    update invoice i set hub_applied = u.hub_applied, hub_booked = u.hub_booked, open_amount = u.open_amount,
                        status = u.status, last_payment_date = u.last_payment_date, updated_at = ?, version = i.version + 1
                    from unnest(?::uuid[], ?::numeric[], ?::numeric[], ?::numeric[], ?::varchar[], ?::date[], ?::bigint[])
                        as u(id, hub_applied, hub_booked, open_amount, status, last_payment_date, version)
                    where i.id = u.id and i.version = u.version""");
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, con.createArrayOf("uuid", changed.stream().map(e -> e.id).toArray()));
            ps.setArray(3, con.createArrayOf("numeric", changed.stream().map(e -> e.hubApplied).toArray(BigDecimal[]::new)));
            ps.setArray(4, con.createArrayOf("numeric", changed.stream().map(e -> e.hubBooked).toArray(BigDecimal[]::new)));
            ps.setArray(5, con.createArrayOf("numeric", changed.stream().map(e -> e.openAmount).toArray(BigDecimal[]::new)));
            ps.setArray(6, con.createArrayOf("varchar", changed.stream().map(e -> e.status).toArray()));
            ps.setArray(7, con.createArrayOf("date", changed.stream().map(e -> e.lastPaymentDate == null ? null
                    : java.sql.Date.valueOf(e.lastPaymentDate)).toArray()));
            ps.setArray(8, con.createArrayOf("int8", changed.stream().map(e -> e.version).toArray()));
            return ps;
        });
        if (rows != changed.size()) {
            // cannot happen under the lock; if it does, nothing of the batch may commit
            throw new OptimisticLockingFailureException("Invoices changed while locked: " + rows + " of " + changed.size()
                    + " updated");
        }
    }
}
