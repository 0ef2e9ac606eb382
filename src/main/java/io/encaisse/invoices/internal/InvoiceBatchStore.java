package io.encaisse.invoices.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The batch upsert's reads and writes in a few statements per chunk (arrays bound as parameters and {@code unnest}ed):
 * one read of the chunk's customers, one of its existing invoices, one COPY of the new ones, one update of the
 * changed ones. Joins the caller's transaction. Rows are read into detached {@link InvoiceEntity} objects, never managed
 * by JPA, so the ledger's rules ({@code ReceivablesService.apply}) stay in one place.
 */
@Repository
class InvoiceBatchStore {

    private final JdbcTemplate jdbc;

    InvoiceBatchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Customer ref -> a detached customer holding only its id and ref. */
    Map<String, CustomerEntity> customersByRef(Collection<String> refs) {
        Map<String, CustomerEntity> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("select id, customer_ref from customer where customer_ref = any (?)");
            ps.setArray(1, con.createArrayOf("varchar", refs.toArray()));
            return ps;
        }, rs -> {
            CustomerEntity c = new CustomerEntity();
            c.id = rs.getObject(1, UUID.class);
            c.customerRef = rs.getString(2);
            out.put(c.customerRef, c);
        });
        return out;
    }

    Map<String, InvoiceEntity> invoicesByNumber(Collection<String> numbers) {
        Map<String, InvoiceEntity> out = new HashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select id, invoice_number, customer_id, issue_date, due_date, currency, amount, open_amount, erp_open_amount,
                        cancelled, status, last_payment_date, purchase_order, payment_terms_code, payment_terms_label,
                        payment_terms_days, created_at, updated_at, version, hub_applied, hub_booked, erp_paid, credit_noted
                    from invoice where invoice_number = any (?)""");
            ps.setArray(1, con.createArrayOf("varchar", numbers.toArray()));
            return ps;
        }, rs -> {
            InvoiceEntity e = read(rs);
            out.put(e.invoiceNumber, e);
        });
        return out;
    }

    /** An invoice row whose first 23 columns are those of {@link #invoicesByNumber}'s select, in that order. */
    static InvoiceEntity read(ResultSet rs) throws SQLException {
        InvoiceEntity e = new InvoiceEntity();
        e.id = rs.getObject(1, UUID.class);
        e.invoiceNumber = rs.getString(2);
        e.customerId = rs.getObject(3, UUID.class);
        e.issueDate = rs.getObject(4, java.time.LocalDate.class);
        e.dueDate = rs.getObject(5, java.time.LocalDate.class);
        e.currency = rs.getString(6);
        e.amount = rs.getBigDecimal(7);
        e.openAmount = rs.getBigDecimal(8);
        e.erpOpenAmount = rs.getBigDecimal(9);
        e.cancelled = rs.getBoolean(10);
        e.status = rs.getString(11);
        e.lastPaymentDate = rs.getObject(12, java.time.LocalDate.class);
        e.purchaseOrder = rs.getString(13);
        e.paymentTermsCode = rs.getString(14);
        e.paymentTermsLabel = rs.getString(15);
        e.paymentTermsDays = (Integer) rs.getObject(16);
        e.createdAt = rs.getTimestamp(17).toInstant();
        e.updatedAt = rs.getTimestamp(18).toInstant();
        e.version = rs.getLong(19);
        e.hubApplied = rs.getBigDecimal(20);
        e.hubBooked = rs.getBigDecimal(21);
        e.erpPaid = rs.getBigDecimal(22);
        e.creditNoted = rs.getBigDecimal(23);
        return e;
    }

    /** Inserts new invoices (version 0) and updates changed ones (checking their version); one statement each. */
    void write(List<InvoiceEntity> created, List<InvoiceEntity> updated, Instant now) {
        if (!created.isEmpty()) {
            copyIn(created, now);
        }
        if (!updated.isEmpty()) {
            int[] rows = new int[1];
            rows[0] = jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("""
                        update invoice i set customer_id = u.customer_id, issue_date = u.issue_date, due_date = u.due_date,
                            currency = u.currency, amount = u.amount, open_amount = u.open_amount,
                            erp_open_amount = u.erp_open_amount, cancelled = u.cancelled, status = u.status,
                            last_payment_date = u.last_payment_date, purchase_order = u.purchase_order,
                            payment_terms_code = u.payment_terms_code, payment_terms_label = u.payment_terms_label,
                            payment_terms_days = u.payment_terms_days, hub_applied = u.hub_applied, hub_booked = u.hub_booked,
                            erp_paid = u.erp_paid, credit_noted = u.credit_noted, updated_at = ?, version = i.version + 1
                        from unnest(?::uuid[], ?::varchar[], ?::uuid[], ?::date[], ?::date[], ?::varchar[], ?::numeric[],
                            ?::numeric[], ?::numeric[], ?::bool[], ?::varchar[], ?::date[], ?::varchar[], ?::varchar[],
                            ?::varchar[], ?::int4[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::int8[])
                            as u(id, invoice_number, customer_id, issue_date, due_date, currency, amount, open_amount,
                                 erp_open_amount, cancelled, status, last_payment_date, purchase_order, payment_terms_code,
                                 payment_terms_label, payment_terms_days, hub_applied, hub_booked, erp_paid, credit_noted, version)
                        where i.id = u.id and i.version = u.version""");
                ps.setTimestamp(1, Timestamp.from(now));
                int next = bindRows(con, ps, 2, updated);
                ps.setArray(next, con.createArrayOf("int8", updated.stream().map(e -> e.version).toArray()));
                return ps;
            });
            if (rows[0] != updated.size()) {
                throw new OptimisticLockingFailureException("Invoices changed meanwhile: " + rows[0] + " of " + updated.size() + " updated");
            }
            updated.forEach(e -> e.version = e.version + 1);
        }
    }

    /**
     * New invoices go in by COPY (text format) straight into the table: less work on both sides than binding twenty arrays of
     * thousands of elements. A refused row (e.g. a number inserted meanwhile) fails the COPY and so the chunk, as the
     * insert did; the caller then retries record by record.
     */
    private void copyIn(List<InvoiceEntity> rows, Instant now) {
        StringBuilder b = new StringBuilder(rows.size() * 300);
        String at = now.toString();
        for (InvoiceEntity e : rows) {
            b.append(e.id).append('\t');
            text(b, e.invoiceNumber).append('\t');
            text(b, e.numberKey).append('\t');
            text(b, e.numberDigits).append('\t');
            b.append(e.customerId).append('\t');
            value(b, e.issueDate).append('\t');
            value(b, e.dueDate).append('\t');
            text(b, e.currency).append('\t');
            number(b, e.amount).append('\t');
            number(b, e.openAmount).append('\t');
            number(b, e.erpOpenAmount).append('\t');
            b.append(e.cancelled ? 't' : 'f').append('\t');
            text(b, e.status).append('\t');
            value(b, e.lastPaymentDate).append('\t');
            text(b, e.purchaseOrder).append('\t');
            text(b, e.paymentTermsCode).append('\t');
            text(b, e.paymentTermsLabel).append('\t');
            value(b, e.paymentTermsDays).append('\t');
            number(b, e.hubApplied).append('\t');
            number(b, e.hubBooked).append('\t');
            number(b, e.erpPaid).append('\t');
            number(b, e.creditNoted).append('\t');
            b.append(at).append('\t').append(at).append("\t0\n");
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        Long copied = jdbc.execute((ConnectionCallback<Long>) con -> {
            CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_INVOICES);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
        if (copied == null || copied != rows.size()) {
            throw new IllegalStateException("COPY wrote " + copied + " of " + rows.size() + " invoices");
        }
    }

    private static final String COPY_INVOICES = """
            copy invoice (id, invoice_number, number_key, number_digits, customer_id, issue_date, due_date, currency, amount, open_amount, erp_open_amount,
                cancelled, status, last_payment_date, purchase_order, payment_terms_code, payment_terms_label, payment_terms_days,
                hub_applied, hub_booked, erp_paid, credit_noted, created_at, updated_at, version) from stdin""";

    /** A text value in COPY's text format: null as \N, backslash and control characters escaped. */
    private static StringBuilder text(StringBuilder b, String v) {
        if (v == null) {
            return b.append("\\N");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b;
    }

    private static StringBuilder number(StringBuilder b, java.math.BigDecimal v) {
        return v == null ? b.append("\\N") : b.append(v.toPlainString());
    }

    /** Dates and integers: their toString is COPY's text form. */
    private static StringBuilder value(StringBuilder b, Object v) {
        return v == null ? b.append("\\N") : b.append(v);
    }

    private static int bindRows(Connection con, PreparedStatement ps, int from, List<InvoiceEntity> rows) throws SQLException {
        int n = rows.size();
        Object[][] cols = new Object[20][n];
        for (int i = 0; i < n; i++) {
            InvoiceEntity e = rows.get(i);
            cols[0][i] = e.id;
            cols[1][i] = e.invoiceNumber;
            cols[2][i] = e.customerId;
            cols[3][i] = e.issueDate == null ? null : java.sql.Date.valueOf(e.issueDate);
            cols[4][i] = e.dueDate == null ? null : java.sql.Date.valueOf(e.dueDate);
            cols[5][i] = e.currency;
            cols[6][i] = e.amount;
            cols[7][i] = e.openAmount;
            cols[8][i] = e.erpOpenAmount;
            cols[9][i] = e.cancelled;
            cols[10][i] = e.status;
            cols[11][i] = e.lastPaymentDate == null ? null : java.sql.Date.valueOf(e.lastPaymentDate);
            cols[12][i] = e.purchaseOrder;
            cols[13][i] = e.paymentTermsCode;
            cols[14][i] = e.paymentTermsLabel;
            cols[15][i] = e.paymentTermsDays;
            cols[16][i] = e.hubApplied;
            cols[17][i] = e.hubBooked;
            cols[18][i] = e.erpPaid;
            cols[19][i] = e.creditNoted;
        }
        String[] types = {"uuid", "varchar", "uuid", "date", "date", "varchar", "numeric", "numeric", "numeric", "bool", "varchar",
            "date", "varchar", "varchar", "varchar", "int4", "numeric", "numeric", "numeric", "numeric"};
        for (int c = 0; c < types.length; c++) {
            Array a = con.createArrayOf(types[c], cols[c]);
            ps.setArray(from + c, a);
        }
        return from + types.length;
    }
}
