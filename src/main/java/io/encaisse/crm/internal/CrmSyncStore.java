package io.encaisse.crm.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The crm module's table (crm_account_sync): the state of every push lives here, never in memory. */
@Repository
class CrmSyncStore {

    static final String PENDING = "PENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;

    CrmSyncStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer whose Account is being pushed, for the request it was claimed with. */
    record Claim(UUID customerId, String customerRef, long requestSeq) {
    }

    record Row(UUID customerId, String customerRef, String status, long requestSeq, String payloadHash,
               String crmRecordId, String lastError, Instant requestedAt, Instant pushedAt) {
    }

    /** "This customer needs a push": one row per customer, so a burst of events collapses into one push. */
    void requestPush(UUID customerId, String customerRef, Instant now) {
        jdbc.update(REQUEST_PUSH, customerId, customerRef, Timestamp.from(now));
    }

    /**
     * {@link #requestPush} for many customers in one statement (a chunk of a batch upsert), in customer-id order so two
     * chunks handled at once lock their rows in the same order. Each customer must appear once.
     */
    void requestPushAll(List<UUID> customerIds, List<String> customerRefs, Instant now) {
        if (customerIds.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            java.sql.PreparedStatement ps = con.prepareStatement("""
                    insert into crm_account_sync (customer_id, customer_ref, status, request_seq, requested_at)
                    select c.id, c.ref, 'PENDING', 1, ? from unnest(?::uuid[], ?::varchar[]) as c(id, ref) order by c.id
                    on conflict (customer_id) do update set
                        customer_ref = excluded.customer_ref,
                        status = 'PENDING',
                        request_seq = crm_account_sync.request_seq + 1,
                        requested_at = excluded.requested_at""");
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, con.createArrayOf("uuid", customerIds.toArray()));
            ps.setArray(3, con.createArrayOf("varchar", customerRefs.toArray()));
            return ps;
        });
    }

    private static final String REQUEST_PUSH = """
            insert into crm_account_sync (customer_id, customer_ref, status, request_seq, requested_at)
            values (?, ?, 'PENDING', 1, ?)
            on conflict (customer_id) do update set
                customer_ref = excluded.customer_ref,
                status = 'PENDING',
                request_seq = crm_account_sync.request_seq + 1,
                requested_at = excluded.requested_at""";

    /** The daily refresh: every customer already known to the CRM (or rejected by it) is pushed again. */
    int requestAll(Instant now) {
        return jdbc.update("""
                update crm_account_sync set status = 'PENDING', request_seq = request_seq + 1, requested_at = ?
                where status in ('SENT', 'FAILED')""", Timestamp.from(now));
    }

    /**
     * Claims up to {@code limit} pending customers for {@code lease}; rows another instance is pushing are skipped.
     * A claim whose push never finished (crash, Salesforce down) is taken again once its lease is over.
     */
    List<Claim> claim(int limit, Instant now, Duration lease) {
        return jdbc.query("""
                update crm_account_sync s set claimed_until = ?
                where s.customer_id in (
                    select customer_id from crm_account_sync
                    where status = 'PENDING' and (claimed_until is null or claimed_until < ?)
                    order by requested_at
                    limit ?
                    for update skip locked)
                returning s.customer_id, s.customer_ref, s.request_seq""",
                (rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)),
                Timestamp.from(now.plus(lease)), Timestamp.from(now), limit);
    }

    Optional<Row> find(UUID customerId) {
        return jdbc.query("select * from crm_account_sync where customer_id = ?", (rs, n) -> new Row(
                rs.getObject("customer_id", UUID.class), rs.getString("customer_ref"), rs.getString("status"),
                rs.getLong("request_seq"), rs.getString("payload_hash"), rs.getString("crm_record_id"),
                rs.getString("last_error"), instant(rs.getTimestamp("requested_at")), instant(rs.getTimestamp("pushed_at"))),
                customerId).stream().findFirst();
    }

    /**
     * The Account has this payload. SENT only if no new request arrived during the push; otherwise the row stays
     * PENDING (unclaimed) and the next tick pushes the newer position.
     */
    void markSent(Claim claim, String payloadHash, String crmRecordId, Instant pushedAt) {
        jdbc.update("""
                update crm_account_sync set
                    status = case when request_seq = ? then 'SENT' else status end,
                    payload_hash = ?, crm_record_id = coalesce(?, crm_record_id), pushed_at = coalesce(?, pushed_at),
                    last_error = null, claimed_until = null
                where customer_id = ?""",
                claim.requestSeq(), payloadHash, crmRecordId, pushedAt == null ? null : Timestamp.from(pushedAt),
                claim.customerId());
    }

    /** Salesforce rejected the payload for good: no retry until the next request. */
    void markFailed(Claim claim, String error) {
        jdbc.update("""
                update crm_account_sync set
                    status = case when request_seq = ? then 'FAILED' else status end,
                    last_error = ?, claimed_until = null
                where customer_id = ?""",
                claim.requestSeq(), error, claim.customerId());
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
