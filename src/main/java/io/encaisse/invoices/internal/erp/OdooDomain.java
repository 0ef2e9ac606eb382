package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Odoo search domains (Polish-notation lists of {@code [field, operator, value]} leaves and {@code '|'}, {@code '&'}
 * operators; top-level terms are ANDed) and the "updated since" keyset cursor. Plain values, no I/O.
 */
public final class OdooDomain {

    /** How Odoo writes datetimes in its external API: UTC, no zone, seconds. */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * res.partner: commercial entities that were invoiced at least once: partners without a parent, and companies with
     * one (a subsidiary is its own commercial entity in Odoo; its parent is its group).
     */
    public static final List<Object> CUSTOMERS = List.of(
            "|", leaf("parent_id", "=", false), leaf("is_company", "=", true),
            leaf("customer_rank", ">", 0));

    /**
     * account.move: customer invoices and credit notes that were posted, or cancelled (so that a cancellation reaches
     * the hub; drafts and vendor bills never do).
     */
    public static final List<Object> CUSTOMER_INVOICES = List.of(
            leaf("move_type", "in", List.of("out_invoice", "out_refund")),
            leaf("state", "in", List.of("posted", "cancel")));

    public static final String ORDER = "write_date asc, id asc";

    private OdooDomain() {
    }

    /** Where a connector has read an entity up to: the last applied record's write_date and id. */
    public record Cursor(LocalDateTime lastWriteDate, long lastId) implements Comparable<Cursor> {
        @Override
        public int compareTo(Cursor o) {
            int c = lastWriteDate.compareTo(o.lastWriteDate);
            return c != 0 ? c : Long.compare(lastId, o.lastId);
        }
    }

    public static List<Object> leaf(String field, String operator, Object value) {
        return List.of(field, operator, value);
    }

    /**
     * {@code base AND (write_date > c OR (write_date = c AND id > lastId))}, written as
     * {@code write_date >= c+1s OR (write_date >= c AND id > lastId)}: the same records for Odoo's second-precision
     * values, and still a strictly advancing keyset if the database keeps fractions of seconds that the API does not
     * show (a literal {@code write_date > c} would then return the records of second c again and again).
     * Without a cursor (first run) the base domain alone.
     */
    public static List<Object> since(List<Object> base, Cursor cursor) {
        List<Object> domain = new ArrayList<>(base);
        if (cursor != null) {
            domain.add("|");
            domain.add(leaf("write_date", ">=", format(cursor.lastWriteDate().plusSeconds(1))));
            domain.add("&");
            domain.add(leaf("write_date", ">=", format(cursor.lastWriteDate())));
            domain.add(leaf("id", ">", cursor.lastId()));
        }
        return domain;
    }

    /** The cursor after a page (read in {@link #ORDER}): its last record; the previous cursor for an empty page. */
    public static Cursor after(Cursor previous, List<? extends JsonNode> page) {
        if (page.isEmpty()) {
            return previous;
        }
        JsonNode last = page.get(page.size() - 1);
        Cursor next = new Cursor(parseDateTime(last.path("write_date").asText()), last.path("id").asLong());
        if (previous != null && next.compareTo(previous) <= 0) {
            // the server did not honour the domain or the order: stop rather than loop or go backwards
            throw new IllegalStateException("Odoo page does not advance the cursor: " + previous + " -> " + next);
        }
        return next;
    }

    public static LocalDateTime parseDateTime(String value) {
        try {
            return LocalDateTime.parse(value.length() > 19 ? value.substring(0, 19) : value, DATETIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an Odoo datetime (yyyy-MM-dd HH:mm:ss): '" + value + "'", e);
        }
    }

    public static String format(LocalDateTime value) {
        return DATETIME.format(value);
    }
}
