package io.encaisse.invoices.internal.erp.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.BatchResult;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.internal.erp.CanonicalApplier;
import io.encaisse.invoices.internal.erp.CanonicalRecords;
import io.encaisse.invoices.internal.erp.ErpSyncStore;
import io.encaisse.invoices.internal.erp.ErpSyncStore.OpenRejection;
import io.encaisse.invoices.internal.erp.ErpSyncStore.Rejection;
import io.encaisse.invoices.internal.erp.OdooDomain.Cursor;
import io.encaisse.shared.PermanentFailure;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind route invoices.rest-pull (routes/erp-rest.yaml): a generic REST/JSON ERP read "updated since" the
 * cursor kept in erp_sync_cursor (connector {@code rest}), page by page, mapped by JSONata (in the route), applied
 * through {@link Receivables}, and only then is the cursor moved past the page. Records the hub does not take are kept
 * in erp_sync_rejection with their reason and never block the page.
 * <p>
 * Never skip: the filter asks from the cursor's timestamp minus {@code since-overlap}, and records at or before the
 * cursor (timestamp, then id) are dropped. With page numbers, a full page whose last record is later than the scan's
 * anchor starts a new scan from the new cursor (page numbers shift when records change during a scan; a new anchor
 * does not); a full page of one timestamp goes on to the next page number.
 */
public class RestPull {

    private static final Logger log = LoggerFactory.getLogger(RestPull.class);

    public static final String CONNECTOR = "rest";
    public static final String CUSTOMERS = "customer";
    public static final String INVOICES = "invoice";
    public static final String PAGE = "erpPage";
    public static final String MORE_PAGES = "erpMorePages";
    static final int RETRY_BATCH = 500;

    /** Where a scan of one entity stands within a poll: its anchor (the cursor it filters from), page number or next URL. */
    record Scan(Cursor anchor, int page, URI next) {
    }

    /** A record with its place in the keyset, or why it has none. */
    record Source(ObjectNode record, long id, LocalDateTime updatedAt, String invalid) {
    }

    public record Page(String entity, List<Source> records, Cursor next) {
    }

    private final RestErpClient client;
    private final ErpSyncStore store;
    private final Receivables receivables;
    private final CanonicalApplier applier;
    private final Clock clock;
    private final ErpProperties.Rest config;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public RestPull(RestErpClient client, ErpSyncStore store, Receivables receivables, Clock clock, ErpProperties.Rest config) {
        this.client = client;
        this.store = store;
        this.receivables = receivables;
        this.applier = new CanonicalApplier(receivables);
        this.clock = clock;
        this.config = config;
    }

    public void customersPage(Exchange exchange) {
        page(exchange, CUSTOMERS, config.customersPath());
    }

    public void invoicesPage(Exchange exchange) {
        page(exchange, INVOICES, config.invoicesPath());
    }

    public void applyCustomers(Exchange exchange) {
        Page page = exchange.getProperty(PAGE, Page.class);
        List<JsonNode> canonical = mapped(exchange, page);
        List<CanonicalApplier.Outcome> outcomes = applier.customers(valid(page, canonical));
        finish(page, canonical, outcomes);
    }

    public void applyInvoices(Exchange exchange) {
        Page page = exchange.getProperty(PAGE, Page.class);
        List<JsonNode> canonical = mapped(exchange, page);
        List<CanonicalApplier.Outcome> outcomes = applier.invoices(valid(page, canonical));
        finish(page, canonical, outcomes);
    }

    /** Invoices rejected for a reason that may have gone (their customer had not arrived) are tried again. */
    public int retryRejectedInvoices() {
        List<OpenRejection> open = store.openRetryable(CONNECTOR, INVOICES, RETRY_BATCH);
        if (open.isEmpty()) {
            return 0;
        }
        List<JsonNode> canonical = new ArrayList<>();
        for (OpenRejection r : open) {
            canonical.add(parse(r.payload()));
        }
        List<CanonicalApplier.Outcome> outcomes = applier.invoices(canonical);
        List<Rejection> rejections = new ArrayList<>();
        Set<Long> accepted = new HashSet<>();
        for (CanonicalApplier.Outcome o : outcomes) {
            OpenRejection r = open.get(o.index());
            if (o.rejected()) {
                rejections.add(new Rejection(r.sourceId(), r.recordKey(), o.reason(), o.retryable(), r.payload(), null));
            } else {
                accepted.add(r.sourceId());
            }
        }
        store.pageApplied(CONNECTOR, INVOICES, null, rejections, accepted, clock.instant());
        log.info("REST ERP: {} rejected invoices tried again, {} accepted", open.size(), accepted.size());
        return accepted.size();
    }

    /** Route doCatch around the mapping: the record becomes a marker that {@link CanonicalRecords} rejects with the reason. */
    public String unmappable(Exchange exchange) {
        return CanonicalRecords.unmappableMarker(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    // --- reading

    private void page(Exchange exchange, String entity, String path) {
        String scanKey = "erpRestScan-" + entity;
        Cursor cursor = store.cursor(CONNECTOR, entity).orElse(null);
        Scan scan = exchange.getProperty(scanKey, Scan.class);
        if (scan == null) {
            scan = new Scan(cursor, config.firstPage(), null);
        }
        URI uri = scan.next() != null ? scan.next() : firstUri(path, scan);
        JsonNode body = client.get(uri);
        JsonNode records = config.recordsField() == null || config.recordsField().isBlank() ? body : body.get(config.recordsField());
        if (records == null || !records.isArray()) {
            throw new PermanentFailure("The ERP's answer to GET " + uri.getPath() + " has no array "
                    + (config.recordsField() == null || config.recordsField().isBlank() ? "as its body" : "in '" + config.recordsField() + "'")
                    + " (encaisse.erp.rest.records-field)");
        }
        List<Source> fresh = new ArrayList<>();
        Cursor next = cursor;
        LocalDateTime lastOnPage = null;
        for (JsonNode r : records) {
            if (!r.isObject()) {
                continue;
            }
            Source s = source((ObjectNode) r);
            if (s.invalid() == null) {
                Cursor key = new Cursor(s.updatedAt(), s.id());
                lastOnPage = s.updatedAt();
                if (cursor != null && key.compareTo(cursor) <= 0) {
                    continue; // applied before (the overlap, a resumed scan)
                }
                if (next == null || key.compareTo(next) > 0) {
                    next = key;
                }
            }
            fresh.add(s);
        }
        boolean more;
        Scan following;
        if (config.pagination() == ErpProperties.Pagination.NEXT_LINK) {
            JsonNode link = body.isObject() ? body.get(config.nextField()) : null;
            more = link != null && link.isTextual() && !link.asText().isBlank() && !records.isEmpty();
            following = more ? new Scan(scan.anchor(), scan.page(), uri.resolve(link.asText())) : null;
        } else {
            more = records.size() >= config.pageSize();
            boolean advanced = lastOnPage != null && (scan.anchor() == null || lastOnPage.isAfter(scan.anchor().lastWriteDate()));
            following = !more ? null : advanced ? new Scan(next, config.firstPage(), null)
                    : new Scan(scan.anchor(), scan.page() + 1, null);
        }
        exchange.setProperty(scanKey, following);
        exchange.setProperty(MORE_PAGES, more);
        exchange.setProperty(PAGE, new Page(entity, fresh, next));
        List<String> out = new ArrayList<>(fresh.size());
        fresh.forEach(s -> out.add(s.record().toString()));
        exchange.getIn().setBody(out);
    }

    private URI firstUri(String path, Scan scan) {
        StringBuilder q = new StringBuilder();
        if (scan.anchor() != null) {
            Instant since = scan.anchor().lastWriteDate().toInstant(ZoneOffset.UTC).minus(config.sinceOverlap());
            param(q, config.updatedSinceParam(), since.toString());
        }
        if (config.pagination() == ErpProperties.Pagination.PAGE) {
            param(q, config.pageParam(), Integer.toString(scan.page()));
        }
        param(q, config.limitParam(), Integer.toString(config.pageSize()));
        if (config.extraQuery() != null && !config.extraQuery().isBlank()) {
            q.append('&').append(config.extraQuery());
        }
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
        return URI.create(base + (path.startsWith("/") ? path : "/" + path) + "?" + q);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (!q.isEmpty()) {
            q.append('&');
        }
        q.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private Source source(ObjectNode r) {
        JsonNode id = r.get(config.idField());
        JsonNode at = r.get(config.updatedAtField());
        long sourceId;
        if (id != null && id.canConvertToLong() && (id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}"))) {
            sourceId = id.isTextual() ? Long.parseLong(id.asText()) : id.asLong();
        } else {
            return new Source(r, 0, null, "The record has no numeric '" + config.idField() + "' (got " + id + ")");
        }
        if (at == null || !at.isTextual()) {
            return new Source(r, sourceId, null, "The record has no '" + config.updatedAtField() + "' timestamp");
        }
        try {
            return new Source(r, sourceId, parseTimestamp(at.asText()), null);
        } catch (DateTimeParseException e) {
            return new Source(r, sourceId, null, "'" + config.updatedAtField() + "' is not an ISO-8601 timestamp: " + at.asText());
        }
    }

    /** ISO-8601 with an offset (2026-11-01T08:00:00.123+01:00, ...Z) or without (read as UTC), kept to the microsecond in UTC. */
    static LocalDateTime parseTimestamp(String text) {
        String t = text.trim().replace(' ', 'T');
        LocalDateTime utc;
        try {
            utc = OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            utc = LocalDateTime.parse(t);
        }
        return utc.truncatedTo(ChronoUnit.MICROS);
    }

    // --- applying

    private List<JsonNode> mapped(Exchange exchange, Page page) {
        if (page.records().isEmpty()) {
            return List.of();
        }
        List<?> mapped = exchange.getIn().getBody(List.class);
        if (mapped == null || mapped.size() != page.records().size()) {
            throw new IllegalStateException("The mapping gave " + (mapped == null ? 0 : mapped.size()) + " records for a page of "
                    + page.records().size());
        }
        List<JsonNode> out = new ArrayList<>(mapped.size());
        mapped.forEach(m -> out.add(m == null ? null : parse(m.toString())));
        return out;
    }

    /** A record without its place in the keyset is not applied: the marker makes the applier reject it with the reason. */
    private List<JsonNode> valid(Page page, List<JsonNode> canonical) {
        List<JsonNode> out = new ArrayList<>(canonical);
        for (int i = 0; i < out.size(); i++) {
            String invalid = page.records().get(i).invalid();
            if (invalid != null) {
                ObjectNode marker = json.createObjectNode();
                marker.put(CanonicalRecords.MAPPING_ERROR, invalid);
                out.set(i, marker);
            }
        }
        return out;
    }

    private void finish(Page page, List<JsonNode> canonical, List<CanonicalApplier.Outcome> outcomes) {
        List<Rejection> rejections = new ArrayList<>();
        Set<Long> accepted = new HashSet<>();
        int changed = 0;
        for (CanonicalApplier.Outcome o : outcomes) {
            Source s = page.records().get(o.index());
            if (o.rejected()) {
                JsonNode c = canonical.get(o.index());
                boolean mappingFailed = c == null || c.has(CanonicalRecords.MAPPING_ERROR) || s.invalid() != null;
                String reason = s.invalid() != null ? s.invalid() : o.reason();
                rejections.add(new Rejection(s.id(), o.key(), reason, o.retryable(),
                        mappingFailed ? s.record().toString() : c.toString(), s.updatedAt()));
            } else {
                accepted.add(s.id());
                if (o.outcome() != BatchResult.Outcome.UNCHANGED) {
                    changed++;
                }
            }
        }
        store.pageApplied(CONNECTOR, page.entity(), page.next(), rejections, accepted, clock.instant());
        (page.records().isEmpty() ? log.atDebug() : log.atInfo()).log("REST ERP {}: {} records, {} created or updated, {} rejected; cursor {}",
                page.entity(), page.records().size(), changed, rejections.size(), page.next());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            ObjectNode marker = json.createObjectNode();
            marker.put(CanonicalRecords.MAPPING_ERROR, "the mapping's output is not JSON: " + e.getOriginalMessage());
            return marker;
        }
    }
}
