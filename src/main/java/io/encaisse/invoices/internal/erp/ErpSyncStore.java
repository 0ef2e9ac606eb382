package io.encaisse.invoices.internal.erp;

import io.encaisse.invoices.internal.erp.OdooDomain.Cursor;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** erp_sync_cursor and erp_sync_rejection: where each connector stands, and what the hub could not take. */
@Repository
public class ErpSyncStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ErpSyncStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A record of the ERP the hub did not take, and why. */
    public record Rejection(long sourceId, String recordKey, String reason, boolean retryable, String payload,
            LocalDateTime sourceWriteDate) {
    }

    public record OpenRejection(long sourceId, String recordKey, String reason, String payload, int attempts) {
    }

    public Optional<Cursor> cursor(String connector, String entity) {
        return jdbc.query("select last_write_date, last_id from erp_sync_cursor where connector = ? and entity = ?",
                (rs, i) -> new Cursor(rs.getTimestamp(1).toLocalDateTime(), rs.getLong(2)), connector, entity).stream().findFirst();
    }

    /**
     * A page was applied: its rejections are recorded, the rejections of records now accepted are resolved, and the
     * cursor moves forward, all in one transaction. The cursor never moves back (two instances, a late retry).
     */
    public void pageApplied(String connector, String entity, Cursor next, List<Rejection> rejections,
            Collection<Long> acceptedSourceIds, Instant now) {
        tx.executeWithoutResult(s -> {
            recordRejections(connector, entity, rejections, now);
            resolve(connector, entity, acceptedSourceIds, now);
            if (next != null) {
                jdbc.update("""
                        insert into erp_sync_cursor (connector, entity, last_write_date, last_id, updated_at)
                        values (?, ?, ?, ?, ?)
                        on conflict (connector, entity) do update set
                            last_write_date = excluded.last_write_date, last_id = excluded.last_id, updated_at = excluded.updated_at
                        where (erp_sync_cursor.last_write_date, erp_sync_cursor.last_id) < (excluded.last_write_date, excluded.last_id)""",
                        connector, entity, Timestamp.valueOf(next.lastWriteDate()), next.lastId(), Timestamp.from(now));
            }
        });
    }

    public void recordRejections(String connector, String entity, List<Rejection> rejections, Instant now) {
        if (rejections.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(now);
        jdbc.batchUpdate("""
                insert into erp_sync_rejection (connector, entity, source_id, record_key, reason, retryable, payload,
                    source_write_date, attempts, first_rejected_at, last_rejected_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                on conflict (connector, entity, source_id) do update set
                    record_key = excluded.record_key, reason = excluded.reason, retryable = excluded.retryable,
                    payload = excluded.payload,
                    source_write_date = coalesce(excluded.source_write_date, erp_sync_rejection.source_write_date),
                    first_rejected_at = case when erp_sync_rejection.resolved_at is null
                        then erp_sync_rejection.first_rejected_at else excluded.first_rejected_at end,
                    attempts = case when erp_sync_rejection.resolved_at is null then erp_sync_rejection.attempts + 1 else 1 end,
                    last_rejected_at = excluded.last_rejected_at, resolved_at = null""",
                rejections, 500, (ps, r) -> {
                    ps.setString(1, connector);
                    ps.setString(2, entity);
                    ps.setLong(3, r.sourceId());
                    ps.setString(4, r.recordKey() == null ? null : r.recordKey().length() > 128 ? r.recordKey().substring(0, 128) : r.recordKey());
                    ps.setString(5, r.reason());
                    ps.setBoolean(6, r.retryable());
                    ps.setString(7, r.payload());
                    ps.setTimestamp(8, r.sourceWriteDate() == null ? null : Timestamp.valueOf(r.sourceWriteDate()));
                    ps.setTimestamp(9, at);
                    ps.setTimestamp(10, at);
                });
    }

    public void resolve(String connector, String entity, Collection<Long> sourceIds, Instant now) {
        if (sourceIds.isEmpty()) {
            return;
        }
        jdbc.update("""
                update erp_sync_rejection set resolved_at = ?
                where connector = ? and entity = ? and resolved_at is null and source_id = any (?)""",
                Timestamp.from(now), connector, entity, sourceIds.toArray(Long[]::new));
    }

    /** Open rejections that may pass without a change in the ERP, oldest first. */
    public List<OpenRejection> openRetryable(String connector, String entity, int limit) {
        return jdbc.query("""
                select source_id, record_key, reason, payload, attempts from erp_sync_rejection
                where connector = ? and entity = ? and resolved_at is null and retryable and payload is not null
                order by last_rejected_at, id limit ?""",
                (rs, i) -> new OpenRejection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                connector, entity, limit);
    }
}
