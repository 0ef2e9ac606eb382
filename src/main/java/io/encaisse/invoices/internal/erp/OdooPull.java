package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.BatchResult;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceUpsert;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedCustomer;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedInvoice;
import io.encaisse.invoices.internal.erp.ErpSyncStore.OpenRejection;
import io.encaisse.invoices.internal.erp.ErpSyncStore.Rejection;
import io.encaisse.invoices.internal.erp.OdooDomain.Cursor;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The bean behind route invoices.odoo-pull (routes/erp.yaml). One poll: pages of res.partner, then the invoice
 * rejections that may pass now, then pages of account.move; each page is read "updated since" the stored cursor,
 * enriched with what the mapping needs from other models, mapped record by record by the JSONata mapping (in the
 * route), applied through {@link Receivables}, and only then is the cursor moved past it. Records the hub does not
 * take are kept in erp_sync_rejection with their reason and never block the page.
 * <p>
 * Credit notes (out_refund) go to the ledger's credit notes ({@link Receivables#upsertCreditNote}), crediting the
 * invoice they reverse (reversed_entry_id, read by name).
 */
public class OdooPull {

    private static final Logger log = LoggerFactory.getLogger(OdooPull.class);

    public static final String CONNECTOR = "odoo";
    public static final String PARTNERS = "partner";
    public static final String INVOICES = "invoice";
    /** Exchange properties. */
    public static final String PAGE = "erpPage";
    public static final String MORE_PAGES = "erpMorePages";
    static final int RETRY_BATCH = 500;

    static final List<String> PARTNER_FIELDS = List.of("id", "ref", "name", "email", "lang", "vat", "credit_limit",
            "currency_id", "user_id", "bank_ids", "write_date",
            "street", "street2", "zip", "city", "country_id", "phone", "parent_id", "child_ids", "property_payment_term_id",
            "category_id");
    static final List<String> INVOICE_FIELDS = List.of("id", "name", "move_type", "state", "partner_id",
            "commercial_partner_id", "invoice_date", "invoice_date_due", "currency_id", "amount_total", "amount_residual",
            "payment_state", "reversed_entry_id", "ref", "write_date", "invoice_payment_term_id");
    /** Monetary fields, handed to the mappings as exact decimal strings. */
    static final List<String> PARTNER_AMOUNTS = List.of("credit_limit");
    static final List<String> INVOICE_AMOUNTS = List.of("amount_total", "amount_residual");

    /** A page read from Odoo: the records as handed to the mapping, and the cursor once it is applied. */
    public record Page(String entity, List<ObjectNode> records, Cursor next) {
    }

    private final OdooClient odoo;
    private final ErpSyncStore store;
    private final Receivables receivables;
    private final Clock clock;
    private final int pageSize;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public OdooPull(OdooClient odoo, ErpSyncStore store, Receivables receivables, Clock clock, ErpProperties.Odoo config) {
        this.odoo = odoo;
        this.store = store;
        this.receivables = receivables;
        this.clock = clock;
        this.pageSize = config.pageSize();
    }

    // --- customers

    /** Body becomes the next page of customers (one JSON string per res.partner record). */
    public void partnersPage(Exchange exchange) {
        Cursor cursor = store.cursor(CONNECTOR, PARTNERS).orElse(null);
        List<ObjectNode> records = odoo.searchRead("res.partner", OdooDomain.since(OdooDomain.CUSTOMERS, cursor),
                PARTNER_FIELDS, pageSize, OdooDomain.ORDER);
        addSalespeople(records);
        addBankAccounts(records);
        OdooPartnerDetails.add(odoo, records);
        records.forEach(r -> amountsAsText(r, PARTNER_AMOUNTS));
        hand(exchange, new Page(PARTNERS, records, OdooDomain.after(cursor, records)));
    }

    /** Body: the mapped customers (canonical JSON strings), in page order. */
    public void applyPartners(Exchange exchange) {
        Page page = exchange.getProperty(PAGE, Page.class);
        List<?> mapped = mappedBody(exchange, page);
        List<Rejection> rejections = new ArrayList<>();
        Set<Long> accepted = new HashSet<>();
        int changed = 0;
        for (int i = 0; i < page.records().size(); i++) {
            ObjectNode source = page.records().get(i);
            JsonNode canonical = parse(mapped.get(i));
            String key = canonical != null && canonical.hasNonNull("customerId") ? canonical.get("customerId").asText()
                    : source.path("ref").isTextual() ? source.get("ref").asText() : null;
            try {
                MappedCustomer customer = CanonicalRecords.customer(canonical);
                var result = receivables.upsertCustomer(customer.ref(), customer.data());
                if (result.outcome() != io.encaisse.invoices.UpsertResult.Outcome.UNCHANGED) {
                    changed++;
                }
                accepted.add(sourceId(source));
            } catch (IllegalArgumentException | DataIntegrityViolationException e) {
                rejections.add(rejection(source, key, reasonOf(e), false, canonical));
            }
        }
        store.pageApplied(CONNECTOR, PARTNERS, page.next(), rejections, accepted, clock.instant());
        (page.records().isEmpty() ? log.atDebug() : log.atInfo()).log("Odoo res.partner: {} records, {} created or updated, {} rejected; cursor {}", page.records().size(), changed,
                rejections.size(), page.next());
    }

    // --- invoices

    /** Body becomes the next page of invoices and credit notes (one JSON string per account.move record). */
    public void invoicesPage(Exchange exchange) {
        Cursor cursor = store.cursor(CONNECTOR, INVOICES).orElse(null);
        List<ObjectNode> records = odoo.searchRead("account.move", OdooDomain.since(OdooDomain.CUSTOMER_INVOICES, cursor),
                INVOICE_FIELDS, pageSize, OdooDomain.ORDER);
        addCustomers(records);
        addReversedEntries(records);
        records.forEach(r -> amountsAsText(r, INVOICE_AMOUNTS));
        hand(exchange, new Page(INVOICES, records, OdooDomain.after(cursor, records)));
    }

    /** Body: the mapped invoices (canonical JSON strings), in page order. */
    public void applyInvoices(Exchange exchange) {
        Page page = exchange.getProperty(PAGE, Page.class);
        List<?> mapped = mappedBody(exchange, page);
        List<Rejection> rejections = new ArrayList<>();
        Set<Long> accepted = new HashSet<>();
        List<InvoiceUpsert> upserts = new ArrayList<>();
        Map<Integer, JsonNode> canonicalByIndex = new HashMap<>();
        List<Integer> cancelledIndexes = new ArrayList<>();
        Map<Integer, MappedInvoice> byIndex = new HashMap<>();
        for (int i = 0; i < page.records().size(); i++) {
            ObjectNode source = page.records().get(i);
            JsonNode canonical = parse(mapped.get(i));
            canonicalByIndex.put(i, canonical);
            String key = source.path("name").isTextual() ? source.get("name").asText() : null;
            try {
                MappedInvoice invoice = CanonicalRecords.invoice(canonical);
                if (CanonicalRecords.CREDIT_NOTE.equals(invoice.documentType())) {
                    applyCreditNote(source, key, invoice, canonical, accepted, rejections);
                    continue;
                }
                byIndex.put(i, invoice);
                if (invoice.cancelled()) {
                    cancelledIndexes.add(i);
                }
            } catch (IllegalArgumentException e) {
                rejections.add(rejection(source, key, reasonOf(e), false, canonical));
            }
        }
        // a cancelled move the hub never had (cancelled before it was ever sent, or a draft's cancellation) is not news
        Set<String> known = knownNumbers(cancelledIndexes.stream().map(i -> byIndex.get(i).invoiceNumber()).toList());
        int skipped = 0;
        for (Map.Entry<Integer, MappedInvoice> e : new java.util.TreeMap<>(byIndex).entrySet()) {
            if (e.getValue().cancelled() && !known.contains(e.getValue().invoiceNumber())) {
                accepted.add(sourceId(page.records().get(e.getKey())));
                skipped++;
            } else {
                upserts.add(e.getValue().upsert(e.getKey()));
            }
        }
        BatchResult result = upserts.isEmpty() ? new BatchResult(List.of()) : receivables.upsertInvoices(upserts);
        for (BatchResult.Item item : result.items()) {
            ObjectNode source = page.records().get(item.index());
            if (item.outcome() == BatchResult.Outcome.REJECTED) {
                rejections.add(rejection(source, item.key(), item.reason(), isRetryable(item.reason()), canonicalByIndex.get(item.index())));
            } else {
                accepted.add(sourceId(source));
            }
        }
        store.pageApplied(CONNECTOR, INVOICES, page.next(), rejections, accepted, clock.instant());
        (page.records().isEmpty() ? log.atDebug() : log.atInfo()).log("Odoo account.move: {} records (created {}, updated {}, unchanged {}, skipped {}), {} rejected; cursor {}",
                page.records().size(), result.count(BatchResult.Outcome.CREATED), result.count(BatchResult.Outcome.UPDATED),
                result.count(BatchResult.Outcome.UNCHANGED), skipped, rejections.size(), page.next());
    }

    /**
     * Invoices rejected for a reason that may have gone (their customer had not arrived yet, the database refused them)
     * are tried again from their stored canonical record, before new pages are read.
     */
    public int retryRejectedInvoices() {
        List<OpenRejection> open = store.openRetryable(CONNECTOR, INVOICES, RETRY_BATCH);
        if (open.isEmpty()) {
            return 0;
        }
        List<InvoiceUpsert> upserts = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            OpenRejection r = open.get(i);
            try {
                upserts.add(CanonicalRecords.invoice(json.readTree(r.payload())).upsert(i));
            } catch (IllegalArgumentException | JsonProcessingException e) {
                rejections.add(new Rejection(r.sourceId(), r.recordKey(), reasonOf(e), false, r.payload(), null));
            }
        }
        BatchResult result = receivables.upsertInvoices(upserts);
        Set<Long> accepted = new HashSet<>();
        for (BatchResult.Item item : result.items()) {
            OpenRejection r = open.get(item.index());
            if (item.outcome() == BatchResult.Outcome.REJECTED) {
                rejections.add(new Rejection(r.sourceId(), r.recordKey(), item.reason(), isRetryable(item.reason()), r.payload(), null));
            } else {
                accepted.add(r.sourceId());
            }
        }
        store.pageApplied(CONNECTOR, INVOICES, null, rejections, accepted, clock.instant());
        log.info("Odoo: {} rejected invoices tried again, {} accepted", open.size(), accepted.size());
        return accepted.size();
    }

    /** Route doCatch around the mapping: the record becomes a marker that {@link CanonicalRecords} rejects with the reason. */
    public String unmappable(Exchange exchange) {
        return CanonicalRecords.unmappableMarker(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** Forgets the Odoo session (the uid): the next call logs in again. */
    public void forgetSession() {
        odoo.forgetSession();
    }

    static boolean isRetryable(String reason) {
        return reason != null && (reason.startsWith("Unknown customer") || reason.startsWith("Not stored"));
    }

    // --- enrichment: what the mappings need from other models, one read per page and model

    private void addSalespeople(List<ObjectNode> partners) {
        Set<Long> ids = new LinkedHashSet<>();
        partners.forEach(p -> many2oneId(p.get("user_id")).ifPresent(ids::add));
        Map<Long, JsonNode> users = byId(odoo.read("res.users", ids, List.of("name", "email")));
        for (ObjectNode p : partners) {
            JsonNode user = many2oneId(p.get("user_id")).map(users::get).orElse(null);
            if (user == null) {
                p.put("salesperson", false);
            } else {
                ObjectNode s = p.putObject("salesperson");
                s.set("name", user.get("name"));
                s.set("email", user.get("email"));
            }
        }
    }

    private void addBankAccounts(List<ObjectNode> partners) {
        Set<Long> ids = new LinkedHashSet<>();
        partners.forEach(p -> p.path("bank_ids").forEach(id -> ids.add(id.asLong())));
        Map<Long, JsonNode> banks = byId(odoo.read("res.partner.bank", ids, List.of("acc_number")));
        for (ObjectNode p : partners) {
            ArrayNode accounts = p.putArray("bank_accounts");
            p.path("bank_ids").forEach(id -> {
                JsonNode bank = banks.get(id.asLong());
                if (bank != null && bank.path("acc_number").isTextual()) {
                    accounts.add(bank.get("acc_number").asText());
                }
            });
        }
    }

    /** Invoices name their customer by Odoo id; the hub knows it by its ref: {@code customer: {id, ref}}. */
    private void addCustomers(List<ObjectNode> moves) {
        Set<Long> ids = new LinkedHashSet<>();
        moves.forEach(m -> many2oneId(m.get("commercial_partner_id")).ifPresent(ids::add));
        Map<Long, JsonNode> partners = byId(odoo.read("res.partner", ids, List.of("ref")));
        for (ObjectNode m : moves) {
            JsonNode partner = many2oneId(m.get("commercial_partner_id")).map(partners::get).orElse(null);
            if (partner == null) {
                m.put("customer", false);
            } else {
                ObjectNode c = m.putObject("customer");
                c.set("id", partner.get("id"));
                c.set("ref", partner.get("ref"));
            }
        }
    }

    /** A credit note names the invoice it reverses by id; the hub knows it by its name: {@code reversed_entry: {id, name}}. */
    private void addReversedEntries(List<ObjectNode> moves) {
        Set<Long> ids = new LinkedHashSet<>();
        moves.stream().filter(m -> "out_refund".equals(m.path("move_type").asText()))
                .forEach(m -> many2oneId(m.get("reversed_entry_id")).ifPresent(ids::add));
        if (ids.isEmpty()) {
            return;
        }
        Map<Long, JsonNode> reversed = byId(odoo.read("account.move", ids, List.of("name")));
        for (ObjectNode m : moves) {
            JsonNode entry = "out_refund".equals(m.path("move_type").asText())
                    ? many2oneId(m.get("reversed_entry_id")).map(reversed::get).orElse(null) : null;
            if (entry != null) {
                ObjectNode r = m.putObject("reversed_entry");
                r.set("id", entry.get("id"));
                r.set("name", entry.get("name"));
            }
        }
    }

    /** A credit note (out_refund) goes to the ledger's credit notes; one the hub cannot take is a rejection (not retried). */
    private void applyCreditNote(ObjectNode source, String key, MappedInvoice mapped, JsonNode canonical, Set<Long> accepted,
            List<Rejection> rejections) {
        try {
            receivables.upsertCreditNote(new io.encaisse.invoices.CreditNoteNumber(mapped.invoiceNumber()),
                    CanonicalRecords.creditNote(mapped, canonical));
            accepted.add(sourceId(source));
        } catch (IllegalArgumentException | io.encaisse.invoices.UnknownCustomerException | DataIntegrityViolationException e) {
            rejections.add(rejection(source, key, reasonOf(e), false, canonical));
        }
    }

    private static java.util.Optional<Long> many2oneId(JsonNode value) {
        return value != null && value.isArray() && value.size() > 0 && value.get(0).canConvertToLong()
                ? java.util.Optional.of(value.get(0).asLong()) : java.util.Optional.empty();
    }

    private static Map<Long, JsonNode> byId(List<ObjectNode> records) {
        Map<Long, JsonNode> out = new HashMap<>();
        records.forEach(r -> out.put(r.path("id").asLong(), r));
        return out;
    }

    /** Odoo sends monetary fields as JSON numbers; they are read exactly (BigDecimal) and handed on as strings. */
    static void amountsAsText(ObjectNode record, List<String> fields) {
        for (String f : fields) {
            JsonNode v = record.get(f);
            if (v != null && v.isNumber()) {
                BigDecimal exact = v.decimalValue();
                record.put(f, exact.toPlainString());
            }
        }
    }

    // --- plumbing

    private void hand(Exchange exchange, Page page) {
        exchange.setProperty(PAGE, page);
        exchange.setProperty(MORE_PAGES, page.records().size() >= pageSize);
        List<String> body = new ArrayList<>(page.records().size());
        page.records().forEach(r -> body.add(r.toString()));
        exchange.getIn().setBody(body);
    }

    private static List<?> mappedBody(Exchange exchange, Page page) {
        List<?> mapped = exchange.getIn().getBody(List.class);
        if (page.records().isEmpty()) {
            return List.of();
        }
        if (mapped == null || mapped.size() != page.records().size()) {
            throw new IllegalStateException("The mapping gave " + (mapped == null ? 0 : mapped.size()) + " records for a page of "
                    + page.records().size());
        }
        return mapped;
    }

    private JsonNode parse(Object mapped) {
        if (mapped == null) {
            return null;
        }
        try {
            return json.readTree(mapped.toString());
        } catch (JsonProcessingException e) {
            ObjectNode marker = json.createObjectNode();
            marker.put(CanonicalRecords.MAPPING_ERROR, "the mapping's output is not JSON: " + e.getOriginalMessage());
            return marker;
        }
    }

    private Rejection rejection(ObjectNode source, String key, String reason, boolean retryable, JsonNode canonical) {
        boolean mappingFailed = canonical == null || canonical.has(CanonicalRecords.MAPPING_ERROR);
        LocalDateTime written = source.path("write_date").isTextual() ? OdooDomain.parseDateTime(source.get("write_date").asText()) : null;
        return new Rejection(sourceId(source), key, reason, retryable, mappingFailed ? source.toString() : canonical.toString(), written);
    }

    private static long sourceId(JsonNode source) {
        return source.path("id").asLong();
    }

    private Set<String> knownNumbers(List<String> numbers) {
        List<InvoiceNumber> valid = new ArrayList<>();
        for (String n : numbers) {
            try {
                valid.add(new InvoiceNumber(n));
            } catch (IllegalArgumentException ignored) {
                // not a number the hub can hold, so not one it has
            }
        }
        Set<String> known = new HashSet<>();
        receivables.findByNumbers(valid).forEach(v -> known.add(v.number().value()));
        return known;
    }

    private static String reasonOf(Exception e) {
        Throwable root = e;
        if (e instanceof DataIntegrityViolationException) {
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "Not stored: " + root.getMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
