package io.encaisse.invoices.erp;

import io.encaisse.support.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.SalesRep;
import io.encaisse.invoices.internal.erp.OdooDomain;
import io.encaisse.invoices.internal.erp.OdooPull;
import io.encaisse.shared.Money;
import io.encaisse.support.HubTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Route invoices.odoo-pull against {@link OdooEmulator}: JSON-RPC, the cursor in PostgreSQL, the JSONata mappings, the
 * ledger through {@link Receivables}. Its own Spring context and database (see CrmIntegrationTest), only the routes
 * under test, closed after the class. The tests run in order: each builds on the ledger the previous ones left.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OdooPullIntegrationTest extends HubTestBase {

    static final int INVOICES = 450;
    static final int FIRST_MOVE = 1001;
    static final LocalDateTime T0 = LocalDateTime.of(2026, 11, 1, 8, 0, 0);
    static final OdooEmulator ODOO = new OdooEmulator().start();
    static final String DB_URL = TestPostgres.jdbcUrl("erp_it");
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ODOO::close, "odoo-emulator"));
        seed();
    }

    @DynamicPropertySource
    static void erpProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DB_URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/error-handling.yaml,file:routes/erp.yaml");
        registry.add("encaisse.erp.odoo.enabled", () -> "true");
        registry.add("encaisse.erp.odoo.url", ODOO::url);
        registry.add("encaisse.erp.odoo.database", () -> OdooEmulator.DATABASE);
        registry.add("encaisse.erp.odoo.username", () -> OdooEmulator.LOGIN);
        registry.add("encaisse.erp.odoo.password", () -> OdooEmulator.API_KEY);
        registry.add("encaisse.erp.odoo.page-size", () -> "200");
        registry.add("encaisse.erp.odoo.poll-every", () -> "500");
    }

    @Autowired
    Receivables receivables;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    OdooPull odooPull;

    // --- what Odoo holds

    static String number(int i) {
        return String.format("INV/2026/%05d", i);
    }

    static long partnerOf(int i) {
        return i == INVOICES ? 20 : i % 18 + 1;
    }

    static BigDecimal total(int i) {
        return new BigDecimal(100 + i).add(new BigDecimal("0.10"));
    }

    static BigDecimal residual(int i) {
        return i % 5 == 0 ? new BigDecimal("0.0") : i % 3 == 0 ? total(i).subtract(new BigDecimal("50")) : total(i);
    }

    static String paymentState(int i) {
        return i % 5 == 0 ? "paid" : i % 3 == 0 ? "partial" : "not_paid";
    }

    static List<Object> m2o(long id, String name) {
        return List.of(id, name);
    }

    static void seed() {
        ODOO.put("res.users", 7, Map.of("name", "Claire Martin", "login", "claire", "email", "claire.martin@example.com"));
        ODOO.put("res.partner.bank", 3, Map.of("acc_number", "FR76 3000 6000 0112 3456 7890 189", "partner_id", m2o(1, "Customer 1")));
        for (long p = 1; p <= 20; p++) {
            Map<String, Object> partner = new HashMap<>(Map.of("name", "Customer " + p, "ref", p == 20 ? false : "OC-" + p,
                    "email", "ap@customer" + p + ".example", "lang", p % 2 == 0 ? "en_US" : "fr_FR", "currency_id", m2o(1, "EUR"),
                    "customer_rank", 1, "is_company", true, "credit_limit", new BigDecimal(p == 1 ? "15000.0" : "0.0"),
                    "write_date", OdooEmulator.DATETIME.format(T0.plusSeconds(p / 3))));
            if (p <= 10) {
                partner.put("user_id", m2o(7, "Claire Martin"));
            }
            if (p == 1) {
                partner.put("bank_ids", List.of(3L));
                partner.putAll(Map.of("street", "12 rue de la Paix", "zip", "75002", "city", "Paris", "country_id", m2o(75, "France"),
                        "child_ids", List.of(21L), "category_id", List.of(2L), "property_payment_term_id", m2o(4, "30 Days")));
            }
            if (p == 19) {
                partner.put("ref", "BAD REF!"); // the hub's customer ids have no spaces
            }
            ODOO.put("res.partner", p, partner);
        }
        // a value the partner mapping cannot compute with ($number fails): the mapping itself fails for this record only
        ODOO.put("res.partner", 23, Map.of("name", "Odd credit limit", "ref", "OC-23", "customer_rank", 1, "credit_limit", "n/a",
                "currency_id", m2o(1, "EUR")));
        ODOO.put("res.country", 75, Map.of("name", "France", "code", "FR"));
        ODOO.put("res.partner.category", 2, Map.of("name", "Grands comptes"));
        ODOO.put("res.partner", 21, Map.of("name", "Bob, accounts payable", "parent_id", m2o(1, "Customer 1"), "customer_rank", 1,
                "type", "invoice", "email", "bob@customer1.example", "function", "Accounts payable"));
        // a subsidiary: a company with a parent is its own customer, in its parent's group
        ODOO.put("res.partner", 24, Map.of("name", "Customer 1 Lyon", "ref", "OC-24", "parent_id", m2o(1, "Customer 1"),
                "is_company", true, "customer_rank", 1, "currency_id", m2o(1, "EUR")));
        ODOO.put("res.partner", 22, Map.of("name", "A supplier", "ref", "SUP-1", "customer_rank", 0, "currency_id", m2o(1, "EUR")));
        for (int i = 1; i <= INVOICES; i++) {
            long partner = partnerOf(i);
            ODOO.put("account.move", FIRST_MOVE + i - 1, invoice(i, i == 2 ? 1 : partner, i == 2 ? 21 : partner));
        }
        // due before issue: the ledger refuses it
        Map<String, Object> bad = invoice(451, 1, 1);
        bad.put("invoice_date_due", "2026-09-01");
        ODOO.put("account.move", 1451, bad);
        // a credit note of invoice 1
        Map<String, Object> refund = invoice(452, 1, 1);
        refund.putAll(Map.of("name", "RINV/2026/00001", "move_type", "out_refund", "reversed_entry_id", m2o(FIRST_MOVE, number(1))));
        ODOO.put("account.move", 1452, refund);
        // never to be read: a draft, a vendor bill
        Map<String, Object> draft = invoice(453, 1, 1);
        draft.putAll(Map.of("name", "/", "state", "draft"));
        ODOO.put("account.move", 1453, draft);
        Map<String, Object> bill = invoice(454, 1, 1);
        bill.putAll(Map.of("name", "BILL/2026/00001", "move_type", "in_invoice"));
        ODOO.put("account.move", 1454, bill);
        // cancelled before the hub ever saw it: nothing to tell the hub
        Map<String, Object> cancelled = invoice(455, 1, 1);
        cancelled.put("state", "cancel");
        ODOO.put("account.move", 1455, cancelled);
    }

    static Map<String, Object> invoice(int i, long commercialPartner, long partner) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", number(i));
        m.put("move_type", "out_invoice");
        m.put("state", "posted");
        m.put("partner_id", m2o(partner, "Customer " + partner));
        m.put("commercial_partner_id", m2o(commercialPartner, "Customer " + commercialPartner));
        m.put("invoice_date", LocalDate.of(2026, 9, 1).plusDays(i % 60).toString());
        m.put("invoice_date_due", LocalDate.of(2026, 10, 1).plusDays(i % 60).toString());
        m.put("currency_id", m2o(1, "EUR"));
        m.put("amount_total", total(i));
        m.put("amount_residual", residual(i));
        m.put("payment_state", paymentState(i));
        m.put("ref", i % 4 == 0 ? "PO-" + i : false);
        // 7 moves per second: pages end inside a second, so the id breaks the tie
        m.put("write_date", OdooEmulator.DATETIME.format(T0.plusSeconds(10 + i / 7)));
        return m;
    }

    /** A move saved now: its write_date is the emulator's clock. */
    static Map<String, Object> newInvoice(int i, long partner) {
        Map<String, Object> m = invoice(i, partner, partner);
        m.remove("write_date");
        return m;
    }

    // --- helpers

    long hubInvoices() {
        return jdbc.queryForObject("select count(*) from invoice", Long.class);
    }

    InvoiceView hubInvoice(String number) {
        return receivables.invoice(new InvoiceNumber(number)).orElse(null);
    }

    List<Map<String, Object>> rejections(String entity) {
        return jdbc.queryForList("select * from erp_sync_rejection where entity = ? order by source_id", entity);
    }

    OdooDomain.Cursor storedCursor(String entity) {
        return jdbc.queryForObject("select last_write_date, last_id from erp_sync_cursor where connector = 'odoo' and entity = ?",
                (rs, n) -> new OdooDomain.Cursor(rs.getTimestamp(1).toLocalDateTime(), rs.getLong(2)), entity);
    }

    /** As sent on the wire (numbers compare by their text, whatever node type they were read into). */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<OdooEmulator.Call> moveSearches() {
        return ODOO.calls().stream().filter(c -> c.isSearchRead("account.move")).toList();
    }

    // --- the tests

    @Test
    @Order(1)
    void theFirstPollLandsEveryCustomerAndPostedInvoiceWithItsAmounts() {
        // the cursor moves after the page's records and rejections are stored: at 1455 (the latest write), all is in
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "select count(*) from erp_sync_cursor where entity = 'invoice' and last_id = 1455", Long.class) == 1);

        List<InvoiceNumber> numbers = IntStream.rangeClosed(1, INVOICES).mapToObj(i -> new InvoiceNumber(number(i))).toList();
        Map<String, InvoiceView> byNumber = new HashMap<>();
        receivables.findByNumbers(numbers).forEach(v -> byNumber.put(v.number().value(), v));
        assertThat(byNumber).hasSize(INVOICES);
        for (int i = 1; i <= INVOICES; i++) {
            InvoiceView v = byNumber.get(number(i));
            assertThat(v.amount()).as(number(i)).isEqualTo(Money.of(total(i), "EUR"));
            if (i == 1) {
                // credited by RINV/2026/00001 (the credit note of move 1452): lowered by it, never below zero
                BigDecimal own = total(1).subtract(total(452)).max(BigDecimal.ZERO);
                assertThat(v.openAmount()).as(number(i)).isEqualTo(Money.of(own.min(residual(1)).setScale(2), "EUR"));
                continue;
            }
            assertThat(v.openAmount()).as(number(i)).isEqualTo(Money.of(residual(i).setScale(2), "EUR"));
            assertThat(v.status()).as(number(i)).isEqualTo(i % 5 == 0 ? InvoiceStatus.PAID
                    : i % 3 == 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.OPEN);
            assertThat(v.customer().value()).isEqualTo(i == 2 ? "OC-1" : partnerOf(i) == 20 ? "ODOO-20" : "OC-" + partnerOf(i));
            assertThat(v.purchaseOrder()).isEqualTo(i % 4 == 0 ? "PO-" + i : null);
        }
        // invoice 2 was addressed to a contact of customer 1: it belongs to the commercial partner
        assertThat(byNumber.get(number(2)).customer().value()).isEqualTo("OC-1");
        assertThat(byNumber.get(number(1)).issueDate()).isEqualTo(LocalDate.of(2026, 9, 2));
        assertThat(byNumber.get(number(1)).dueDate()).isEqualTo(LocalDate.of(2026, 10, 2));

        // the customers, with what the second reads brought (salesperson, IBAN)
        CustomerView c1 = receivables.customer(new CustomerRef("OC-1")).orElseThrow();
        assertThat(c1.name()).isEqualTo("Customer 1");
        assertThat(c1.billingEmail()).isEqualTo("ap@customer1.example");
        assertThat(c1.language()).isEqualTo("fr");
        assertThat(c1.currency()).isEqualTo("EUR");
        assertThat(c1.salesRep()).isEqualTo(new SalesRep("Claire Martin", "claire.martin@example.com"));
        assertThat(c1.ibans()).containsExactly("FR7630006000011234567890189");
        assertThat(c1.creditLimit()).isEqualTo(Money.of("15000.00", "EUR"));
        CustomerView c12 = receivables.customer(new CustomerRef("OC-12")).orElseThrow();
        assertThat(c12.language()).isEqualTo("en");
        assertThat(c12.salesRep()).isNull();
        assertThat(c12.creditLimit()).isNull();
        assertThat(receivables.customer(new CustomerRef("ODOO-20"))).isPresent();
        assertThat(receivables.customer(new CustomerRef("SUP-1"))).as("a supplier").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from customer", Long.class)).isEqualTo(20);
        // master data from the second reads: address, invoice contact, tag, payment terms, group
        assertThat(c1.billingAddress()).isEqualTo(new io.encaisse.invoices.Address(List.of("12 rue de la Paix"), "75002", "Paris", "FR"));
        assertThat(c1.dunningContact().email()).isEqualTo("bob@customer1.example");
        assertThat(c1.dunningEmail()).isEqualTo("bob@customer1.example");
        assertThat(c1.billingContact().role()).isEqualTo("Accounts payable");
        assertThat(c1.segment()).isEqualTo("Grands comptes");
        assertThat(c1.paymentTerms()).isEqualTo(new io.encaisse.invoices.PaymentTerms("4", "30 Days", 30));
        assertThat(receivables.customer(new CustomerRef("OC-24")).orElseThrow().parent()).isEqualTo(new CustomerRef("OC-1"));

        // rejected with their reasons, never blocking their page
        List<Map<String, Object>> partnersRejected = rejections("partner");
        assertThat(partnersRejected).hasSize(2);
        assertThat(partnersRejected.get(0)).containsEntry("source_id", 19L).containsEntry("record_key", "BAD REF!")
                .containsEntry("retryable", false);
        assertThat((String) partnersRejected.get(0).get("reason")).contains("Customer id must be");
        assertThat(partnersRejected.get(1)).containsEntry("source_id", 23L).containsEntry("record_key", "OC-23");
        assertThat((String) partnersRejected.get(1).get("reason")).startsWith("The mapping failed: ");
        assertThat((String) partnersRejected.get(1).get("payload")).as("Odoo's record, as the mapping got it")
                .contains("\"credit_limit\":\"n/a\"");
        List<Map<String, Object>> rejected = rejections("invoice");
        assertThat(rejected).extracting(r -> r.get("source_id")).containsExactly(1451L);
        assertThat((String) rejected.get(0).get("reason")).contains("Due date 2026-09-01 is before issue date");
        // the credit note is in the ledger, crediting the invoice it reverses (read by name from reversed_entry_id)
        io.encaisse.invoices.CreditNoteView refund = receivables.creditNote(new io.encaisse.invoices.CreditNoteNumber("RINV/2026/00001"))
                .orElseThrow();
        assertThat(refund.creditedInvoice()).isEqualTo(new InvoiceNumber(number(1)));
        assertThat(refund.creditedInvoiceKnown()).isTrue();
        assertThat(rejected).allSatisfy(r -> assertThat(r.get("resolved_at")).isNull());

        // drafts, vendor bills and a cancellation of something the hub never had stay out
        assertThat(hubInvoice("BILL/2026/00001")).isNull();
        assertThat(hubInvoice(number(455))).isNull();
        assertThat(hubInvoice(number(451))).isNull();
        assertThat(hubInvoices()).isEqualTo(INVOICES);

        // three pages, read by keyset: the first without a cursor, the next ones after the last record applied
        List<OdooEmulator.Call> searches = moveSearches();
        assertThat(searches.size()).isGreaterThanOrEqualTo(3);
        assertThat(searches.get(0).domain().toString()).isEqualTo(json(OdooDomain.CUSTOMER_INVOICES));
        assertThat(searches.get(0).kwargs().get("limit").asInt()).isEqualTo(200);
        assertThat(searches.get(0).kwargs().get("order").asText()).isEqualTo("write_date asc, id asc");
        // page 1 = moves 1001..1200; move 1200 (i = 200) was written at T0 + 10 + 28 s
        OdooDomain.Cursor afterPage1 = new OdooDomain.Cursor(T0.plusSeconds(10 + 200 / 7), 1200);
        assertThat(searches.get(1).domain().toString()).isEqualTo(json(OdooDomain.since(OdooDomain.CUSTOMER_INVOICES, afterPage1)));
        assertThat(searches).allSatisfy(c -> assertThat(c.offset()).isZero());
        // the cursor stands on the last record of the last page (move 1455, the latest write)
        assertThat(storedCursor("invoice")).isEqualTo(new OdooDomain.Cursor(T0.plusSeconds(10 + 455 / 7), 1455));
    }

    @Test
    @Order(2)
    void anInvoiceChangedInOdooIsPickedUpOnTheNextPoll() {
        ODOO.advance(120);
        ODOO.write("account.move", FIRST_MOVE + 9, Map.of("amount_residual", new BigDecimal("10.10"), "payment_state", "partial"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hubInvoice(number(10)).openAmount()).isEqualTo(Money.of("10.10", "EUR")));
        assertThat(hubInvoice(number(10)).status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        // and a cancellation of a known invoice cancels it
        ODOO.write("account.move", FIRST_MOVE + 10, Map.of("state", "cancel"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hubInvoice(number(11)).status()).isEqualTo(InvoiceStatus.CANCELLED));
        assertThat(hubInvoice(number(11)).openAmount().isZero()).isTrue();
    }

    @Test
    @Order(3)
    void aRestartResumesFromTheStoredCursorWithoutReadingOldPagesAgain() throws Exception {
        camel.getRouteController().stopRoute("invoices.odoo-pull");
        OdooDomain.Cursor stored = storedCursor("invoice");
        odooPull.forgetSession(); // nothing in memory survives a restart
        ODOO.clearCalls();
        ODOO.advance(60);
        ODOO.put("account.move", 1460, newInvoice(460, 3));

        camel.getRouteController().startRoute("invoices.odoo-pull");
        await().atMost(Duration.ofSeconds(30)).until(() -> hubInvoice(number(460)) != null);

        assertThat(ODOO.calls().get(0).method()).as("logs in again").isIn("login", "authenticate");
        List<OdooEmulator.Call> searches = moveSearches();
        assertThat(searches.get(0).domain().toString()).isEqualTo(json(OdooDomain.since(OdooDomain.CUSTOMER_INVOICES, stored)));
        assertThat(searches).allSatisfy(c -> {
            assertThat(c.domain().size()).as("always after a cursor").isGreaterThan(OdooDomain.CUSTOMER_INVOICES.size());
            assertThat(c.offset()).isZero();
        });
        assertThat(storedCursor("invoice").lastId()).isEqualTo(1460);
    }

    @Test
    @Order(4)
    void aBadGatewayIsRetriedByTheSharedErrorHandlerAndNothingIsSkipped() {
        long deadLettersBefore = jdbc.queryForObject("select count(*) from dead_letter", Long.class);
        ODOO.clearCalls();
        ODOO.failNextHttp(2, 502);
        ODOO.advance(60);
        List<Integer> added = new ArrayList<>();
        for (int i = 461; i <= 465; i++) {
            ODOO.put("account.move", 1000 + i, newInvoice(i, 4));
            added.add(i);
        }
        await().atMost(Duration.ofSeconds(45)).until(() -> added.stream().allMatch(i -> hubInvoice(number(i)) != null));
        assertThat(ODOO.calls().stream().filter(c -> c.httpStatus() == 502)).hasSize(2);
        for (int i : added) {
            assertThat(hubInvoice(number(i)).amount()).isEqualTo(Money.of(total(i), "EUR"));
        }
        assertThat(jdbc.queryForObject("select count(*) from dead_letter", Long.class)).as("redelivered, not given up")
                .isEqualTo(deadLettersBefore);
        assertThat(storedCursor("invoice").lastId()).isEqualTo(1465);
    }

    @Test
    @Order(5)
    void anInvoiceWhoseCustomerIsNotThereYetWaitsAndLandsWhenTheCustomerDoes() {
        ODOO.advance(60);
        // customer 30 was never invoiced before (customer_rank 0), so it is not among the customers read
        ODOO.put("res.partner", 30, Map.of("name", "Late customer", "ref", "OC-30", "customer_rank", 0, "currency_id", m2o(1, "EUR")));
        ODOO.put("account.move", 1470, newInvoice(470, 30));
        await().atMost(Duration.ofSeconds(30)).until(() -> rejections("invoice").stream().anyMatch(r -> r.get("source_id").equals(1470L)));
        Map<String, Object> waiting = rejections("invoice").stream().filter(r -> r.get("source_id").equals(1470L)).findFirst().orElseThrow();
        assertThat((String) waiting.get("reason")).startsWith("Unknown customer 'OC-30'");
        assertThat(waiting).containsEntry("retryable", true);

        ODOO.write("res.partner", 30, Map.of("customer_rank", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> hubInvoice(number(470)) != null);
        assertThat(hubInvoice(number(470)).customer().value()).isEqualTo("OC-30");
        await().atMost(Duration.ofSeconds(10)).until(() -> rejections("invoice").stream()
                .filter(r -> r.get("source_id").equals(1470L)).allMatch(r -> r.get("resolved_at") != null));
    }
}
