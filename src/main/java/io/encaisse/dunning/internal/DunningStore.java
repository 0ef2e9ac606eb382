package io.encaisse.dunning.internal;

import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceView;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The dunning module's tables. */
@Repository
class DunningStore {

    private final JdbcTemplate jdbc;

    DunningStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record PendingEmail(UUID id, UUID customerId, String messageId, String to, String cc, String subject, String body,
                        String language, int level, int attempts) {
    }

    UUID startRun(LocalDate asOf, String trigger, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into dunning_run (id, as_of, trigger, started_at) values (?, ?, ?, ?)", id, asOf, trigger,
                Timestamp.from(now));
        return id;
    }

    void finishRun(UUID id, int customers, int notices, int skipped, Instant now) {
        jdbc.update("update dunning_run set finished_at = ?, customers_notified = ?, notices = ?, skipped = ? where id = ?",
                Timestamp.from(now), customers, notices, skipped, id);
    }

    boolean noticeExists(UUID invoiceId, int level) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from dunning_notice where invoice_id = ? and level = ?)", Boolean.class, invoiceId, level));
    }

    boolean insertNotice(UUID runId, CustomerView c, InvoiceView inv, int level, UUID emailId, Instant now) {
        return jdbc.update("""
                insert into dunning_notice (id, run_id, customer_id, customer_ref, invoice_id, invoice_number, level, email_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (invoice_id, level) do nothing""",
                UUID.randomUUID(), runId, c.id().value(), c.ref().value(), inv.id().value(), inv.number().value(), level, emailId,
                Timestamp.from(now)) == 1;
    }

    void insertEmail(UUID id, UUID runId, CustomerView c, ReminderTemplates.Rendered mail, int level, String cc, Instant now) {
        jdbc.update("""
                insert into dunning_email (id, run_id, customer_id, message_id, email_to, cc, subject, body, language, level, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""",
                id, runId, c.id().value(), "<" + id + "@encaisse>", c.dunningEmail(), cc, mail.subject(), mail.body(), mail.language(),
                level, Timestamp.from(now));
    }

    List<UUID> pendingEmails(int limit, int maxAttempts) {
        jdbc.update("update dunning_email set status = 'FAILED' where status = 'PENDING' and attempts >= ?", maxAttempts);
        return jdbc.queryForList("select id from dunning_email where status = 'PENDING' order by created_at limit ?", UUID.class,
                limit);
    }

    Optional<PendingEmail> claim(UUID id) {
        // counts the attempt first, so an email that keeps failing stops being retried
        jdbc.update("update dunning_email set attempts = attempts + 1 where id = ? and status = 'PENDING'", id);
        return jdbc.query("select * from dunning_email where id = ? and status = 'PENDING'", (rs, n) -> new PendingEmail(
                rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("message_id"),
                rs.getString("email_to"), rs.getString("cc"), rs.getString("subject"), rs.getString("body"),
                rs.getString("language"), rs.getInt("level"), rs.getInt("attempts")), id).stream().findFirst();
    }

    List<UUID> invoicesOfEmail(UUID emailId) {
        return jdbc.queryForList("select invoice_id from dunning_notice where email_id = ?", UUID.class, emailId);
    }

    void markSent(UUID id, Instant now) {
        jdbc.update("update dunning_email set status = 'SENT', sent_at = ? where id = ?", Timestamp.from(now), id);
    }

    void markCancelled(UUID id, String reason) {
        jdbc.update("update dunning_email set status = 'CANCELLED', last_error = ? where id = ?", reason, id);
    }

    record NoticeRow(UUID invoiceId, int level, Instant createdAt) {
    }

    List<NoticeRow> noticesOf(UUID customerId) {
        return jdbc.query("select invoice_id, level, created_at from dunning_notice where customer_id = ?",
                (rs, n) -> new NoticeRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant()), customerId);
    }
}
