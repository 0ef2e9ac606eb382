package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.WebhookDeliveryStatus;
import io.encaisse.webhooks.WebhookDeliveryView;
import io.encaisse.webhooks.WebhookSubscriptionView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The webhooks module's tables. Event types are stored comma-separated (they are validated names without commas). */
@Repository
class WebhookStore {

    private final JdbcTemplate jdbc;

    WebhookStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Subscription(UUID id, String url, List<String> eventTypes, String secret, String description, boolean enabled,
                        String disabledReason, Instant createdAt) {

        WebhookSubscriptionView view() {
            return new WebhookSubscriptionView(id, url, eventTypes, description, enabled, disabledReason, createdAt);
        }

        @Override
        public String toString() {
            return "Subscription[" + id + " " + url + " " + eventTypes + "]";
        }
    }

    private static final RowMapper<Subscription> SUBSCRIPTION = (rs, n) -> new Subscription(
            rs.getObject("id", UUID.class), rs.getString("url"), Arrays.asList(rs.getString("event_types").split(",")),
            rs.getString("secret"), rs.getString("description"), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
            instant(rs, "created_at"));

    /** Swaps in a new secret; the current one signs beside it until {@code previousUntil}. False when not found. */
    boolean rotateSecret(UUID id, String newSecret, Instant previousUntil) {
        return jdbc.update("update webhook_subscription set previous_secret = secret, previous_secret_until = ?, secret = ? "
                + "where id = ? and deleted_at is null", previousUntil == null ? null : Timestamp.from(previousUntil), newSecret,
                id) == 1;
    }

    void insertSubscription(UUID id, String url, List<String> eventTypes, String secret, String description, Instant now) {
        jdbc.update("""
                insert into webhook_subscription (id, url, event_types, secret, description, enabled, created_at)
                values (?, ?, ?, ?, ?, true, ?)""",
                id, url, String.join(",", eventTypes), secret, description, Timestamp.from(now));
    }

    List<Subscription> subscriptions() {
        return jdbc.query("select * from webhook_subscription where deleted_at is null order by created_at, id", SUBSCRIPTION);
    }

    Optional<Subscription> subscription(UUID id) {
        return jdbc.query("select * from webhook_subscription where id = ? and deleted_at is null", SUBSCRIPTION, id)
                .stream().findFirst();
    }

    List<Subscription> enabledFor(String eventType) {
        return enabled().stream().filter(s -> s.eventTypes().contains(eventType)).toList();
    }

    List<Subscription> enabled() {
        return jdbc.query("select * from webhook_subscription where enabled and deleted_at is null order by created_at, id",
                SUBSCRIPTION);
    }

    boolean markDeleted(UUID id, String reason, Instant now) {
        return jdbc.update("""
                update webhook_subscription set enabled = false, deleted_at = ?, disabled_reason = coalesce(disabled_reason, ?)
                where id = ? and deleted_at is null""", Timestamp.from(now), reason, id) == 1;
    }

    boolean disable(UUID id, String reason) {
        return jdbc.update("update webhook_subscription set enabled = false, disabled_reason = ? where id = ? and enabled",
                reason, id) == 1;
    }

    int cancelPending(UUID subscriptionId, String reason) {
        return jdbc.update("""
                update webhook_delivery set status = 'CANCELLED', next_attempt_at = null, last_error = coalesce(last_error, ?)
                where subscription_id = ? and status = 'PENDING'""", reason, subscriptionId);
    }

    /** @return false when this event was already recorded for this subscription */
    boolean insertDelivery(UUID subscriptionId, String messageId, String eventKey, String eventType, String payload,
            Instant now) {
        return jdbc.update(INSERT_DELIVERY, UUID.randomUUID(), messageId, subscriptionId, eventKey, eventType, payload, Timestamp.from(now),
                Timestamp.from(now)) == 1;
    }

    record NewDelivery(UUID subscriptionId, String eventKey, String eventType, String payload) {
    }

    /**
     * {@link #insertDelivery} for many deliveries in one JDBC batch.
     *
     * @return how many were new (the others were already recorded for their subscription)
     */
    int insertDeliveries(List<NewDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate(INSERT_DELIVERY, deliveries, deliveries.size(), (ps, d) -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, WebhookEventListener.newMessageId());
            ps.setObject(3, d.subscriptionId());
            ps.setString(4, d.eventKey());
            ps.setString(5, d.eventType());
            ps.setString(6, d.payload());
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setTimestamp(8, Timestamp.from(now));
        });
        int created = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                created += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : c;
            }
        }
        return created;
    }

    private static final String INSERT_DELIVERY = """
            insert into webhook_delivery (id, message_id, subscription_id, event_key, event_type, payload, status, attempts,
                                          next_attempt_at, created_at)
            values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)
            on conflict (subscription_id, event_key) do nothing""";

    /** Pending deliveries whose subscription was disabled meanwhile (a race with the listener) never go out. */
    int cancelPendingOfDisabledSubscriptions(String reason) {
        return jdbc.update("""
                update webhook_delivery d set status = 'CANCELLED', next_attempt_at = null, last_error = coalesce(d.last_error, ?)
                from webhook_subscription s
                where s.id = d.subscription_id and d.status = 'PENDING' and not s.enabled""", reason);
    }

    /**
     * Locks up to {@code limit} due deliveries (skipping rows another worker holds) and pushes their next attempt to
     * {@code leaseUntil}: until the attempt is recorded, nobody else claims them, and a crashed worker's claim
     * expires by itself. Must run in a transaction.
     */
    List<DueDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<DueDelivery> due = jdbc.query("""
                select d.id, d.message_id, d.subscription_id, d.event_type, d.payload, d.attempts, s.url, s.secret,
                    case when s.previous_secret_until > ? then s.previous_secret end as previous_secret
                from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                where d.status = 'PENDING' and d.next_attempt_at <= ? and s.enabled
                order by d.next_attempt_at
                limit ?
                for update of d skip locked""",
                (rs, n) -> new DueDelivery(rs.getObject("id", UUID.class), rs.getString("message_id"),
                        rs.getObject("subscription_id", UUID.class), rs.getString("event_type"), rs.getString("url"),
                        rs.getString("secret"), rs.getString("previous_secret"), rs.getString("payload"), rs.getInt("attempts")),
                Timestamp.from(now), Timestamp.from(now), limit);
        if (!due.isEmpty()) {
            jdbc.batchUpdate("update webhook_delivery set next_attempt_at = ? where id = ?",
                    due.stream().map(d -> new Object[] {Timestamp.from(leaseUntil), d.id()}).toList());
        }
        return due;
    }

    /**
     * Records an attempt, unless the delivery changed since it was claimed (cancelled, or recorded by a worker that
     * claimed it after this one's lease expired).
     */
    boolean recordAttempt(UUID id, int attemptsBefore, AttemptDecision d, Instant attemptedAt) {
        return jdbc.update("""
                update webhook_delivery
                set status = ?, attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
                    delivered_at = ?
                where id = ? and status = 'PENDING' and attempts = ?""",
                d.status().name(), d.attempts(), Timestamp.from(attemptedAt), d.httpStatus(), d.error(),
                timestamp(d.nextAttemptAt()), timestamp(d.deliveredAt()), id, attemptsBefore) == 1;
    }

    List<WebhookDeliveryView> deliveries(UUID subscriptionId, int limit) {
        return jdbc.query("""
                select message_id, subscription_id, event_type, status, attempts, last_status, last_error, last_attempt_at,
                       next_attempt_at, created_at, delivered_at
                from webhook_delivery where subscription_id = ? order by created_at desc, id desc limit ?""",
                (rs, n) -> new WebhookDeliveryView(rs.getString("message_id"), rs.getObject("subscription_id", UUID.class),
                        rs.getString("event_type"), WebhookDeliveryStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempts"), rs.getObject("last_status", Integer.class), rs.getString("last_error"),
                        instant(rs, "last_attempt_at"), instant(rs, "next_attempt_at"), instant(rs, "created_at"),
                        instant(rs, "delivered_at")),
                subscriptionId, limit);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
