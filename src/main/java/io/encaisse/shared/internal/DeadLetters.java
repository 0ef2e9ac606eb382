package io.encaisse.shared.internal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import io.encaisse.shared.DeadLetter;
import io.encaisse.shared.DeadLetterLog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter record: where the shared Camel error handling puts an exchange that failed for good,
 * with the reason. Called from routes/error-handling.yaml as bean {@code deadLetters}.
 */
@Component("deadLetters")
public class DeadLetters implements DeadLetterLog {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_EXCERPT = 8_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeadLetters(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String routeId = exchange.getFromRouteId();
        String source = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String reason = cause == null ? "unknown failure" : describe(cause);
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into dead_letter (id, route_id, exchange_id, source, failed_at, exception_type, reason, payload_excerpt)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                id, routeId, exchange.getExchangeId(), source, Timestamp.from(clock.instant()),
                cause == null ? null : cause.getClass().getName(), reason, excerpt(exchange));
        // logged once here, with the id a person can look up; the exchange still fails towards its consumer
        log.error("Dead letter {} from route {} (source {}): {}", id, routeId, source, reason);
    }

    @Override
    public List<DeadLetter> recent(String routeId, int limit, UUID before) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select * from dead_letter where 1 = 1");
        if (routeId != null) {
            sql.append(" and route_id = ?");
            args.add(routeId);
        }
        if (before != null) {
            sql.append(" and (failed_at, id) < (select failed_at, id from dead_letter where id = ?)");
            args.add(before);
        }
        sql.append(" order by failed_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new DeadLetter(rs.getObject("id", UUID.class), rs.getString("route_id"),
                rs.getString("source"), rs.getTimestamp("failed_at").toInstant(), rs.getString("exception_type"),
                rs.getString("reason"), rs.getString("payload_excerpt")), args.toArray());
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        Throwable c = t.getCause();
        while (c != null && c != t) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            t = c;
            c = c.getCause();
        }
        return sb.toString();
    }

    private static String excerpt(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null || body instanceof GenericFile<?> || body instanceof InputStream) {
            return null; // files stay where the consumer put them; streams are not re-readable
        }
        String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(body);
        return text.length() > MAX_EXCERPT ? text.substring(0, MAX_EXCERPT) + "…" : text;
    }
}
