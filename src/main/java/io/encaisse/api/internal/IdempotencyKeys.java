package io.encaisse.api.internal;

import io.encaisse.api.ApiProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The stored first answers to Idempotency-Key requests (table idempotency_key). */
@Component
class IdempotencyKeys {

    /** A request still IN_PROGRESS after this was cut off (crash, timeout): a retry may take it over. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApiProperties props;

    IdempotencyKeys(JdbcTemplate jdbc, Clock clock, ApiProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
    }

    record Stored(String requestHash, String status, Integer responseStatus, String responseType, byte[] responseBody,
                  String location, Instant createdAt) {
    }

    /** @return true when this call owns the key now (first use, expired or abandoned before) */
    boolean claim(UUID apiKey, String key, String method, String path, String requestHash) {
        Instant now = clock.instant();
        jdbc.update("""
                delete from idempotency_key where api_key_id = ? and idempotency_key = ?
                  and (created_at < ? or (status = 'IN_PROGRESS' and created_at < ?))""",
                apiKey, key, Timestamp.from(now.minus(props.idempotencyKeyRetention())), Timestamp.from(now.minus(ABANDONED_AFTER)));
        return jdbc.update("""
                insert into idempotency_key (api_key_id, idempotency_key, method, path, request_hash, status, created_at)
                values (?, ?, ?, ?, ?, 'IN_PROGRESS', ?) on conflict do nothing""",
                apiKey, key, method, path, requestHash, Timestamp.from(now)) == 1;
    }

    Optional<Stored> find(UUID apiKey, String key) {
        return jdbc.query("select * from idempotency_key where api_key_id = ? and idempotency_key = ?",
                (rs, n) -> new Stored(rs.getString("request_hash"), rs.getString("status"), (Integer) rs.getObject("response_status"),
                        rs.getString("response_type"), rs.getBytes("response_body"), rs.getString("location"),
                        rs.getTimestamp("created_at").toInstant()), apiKey, key).stream().findFirst();
    }

    void complete(UUID apiKey, String key, int status, String contentType, byte[] body, String location) {
        jdbc.update("""
                update idempotency_key set status = 'COMPLETED', response_status = ?, response_type = ?, response_body = ?,
                  location = ?, completed_at = ? where api_key_id = ? and idempotency_key = ?""",
                status, contentType, body, location, Timestamp.from(clock.instant()), apiKey, key);
    }

    /** A server error is not an answer worth replaying: the client may retry with the same key. */
    void release(UUID apiKey, String key) {
        jdbc.update("delete from idempotency_key where api_key_id = ? and idempotency_key = ?", apiKey, key);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpired() {
        jdbc.update("delete from idempotency_key where created_at < ?",
                Timestamp.from(clock.instant().minus(props.idempotencyKeyRetention())));
    }
}
