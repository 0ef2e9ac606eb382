package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * End to end with Odoo (emulator) on both sides: invoices pulled from Odoo, a bank payment matched by the hub, posted
 * back through account.payment.register, Odoo's lower amount_residual pulled again: never counted twice. Then a cash
 * payment booked in Odoo only, the same payment reported explicitly, an undone allocation, Odoo down for a moment, and
 * an application Odoo refuses. A hub of its own (connector odoo).
 */
class ErpPaymentsOutOdooTest {

    static final String KEY = "erp-out-" + UUID.randomUUID();
    static final String ACCOUNT = "FR7630006000011234567890189";
    static OdooEmulator odoo;
    static ConfigurableApplicationContext hub;
    static ApiClient api;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        odoo = new OdooEmulator().start();
        odoo.put("res.partner", 42, Map.of("name", "Cash And Co", "ref", "C-ERPOUT", "customer_rank", 1, "is_company", true,
                "currency_id", List.of(1, "EUR")));
        move(5001, "INV-ERP-0001", "100.00");
        move(5002, "INV-ERP-0002", "300.00");
        hub = TestPostgres.isolatedHub("erp_out", "encaisse.api.bootstrap-key=" + KEY, "encaisse.dunning.enabled=false",
                "encaisse.erp.odoo.enabled=true", "encaisse.erp.odoo.url=" + odoo.url(),
                "encaisse.erp.odoo.database=" + OdooEmulator.DATABASE, "encaisse.erp.odoo.username=" + OdooEmulator.LOGIN,
                "encaisse.erp.odoo.password=" + OdooEmulator.API_KEY, "encaisse.erp.odoo.poll-every=300",
                "encaisse.erp.payments-out.connector=odoo", "encaisse.erp.payments-out.send-every=200",
                "encaisse.erp.payments-out.retry-schedule=200ms,200ms,200ms");
        api = ApiClient.create(Integer.parseInt(hub.getEnvironment().getProperty("local.server.port")), KEY);
        jdbc = hub.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        odoo.close();
    }

    static void move(long id, String name, String amount) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("move_type", "out_invoice");
        m.put("state", "posted");
        m.put("partner_id", List.of(42, "Cash And Co"));
        m.put("commercial_partner_id", List.of(42, "Cash And Co"));
        m.put("invoice_date", "2026-10-01");
        m.put("invoice_date_due", "2026-10-31");
        m.put("currency_id", List.of(1, "EUR"));
        m.put("amount_total", new BigDecimal(amount));
        m.put("amount_residual", new BigDecimal(amount));
        m.put("payment_state", "not_paid");
        odoo.put("account.move", id, m);
        odoo.advance(1);
    }

    static JsonNode invoice(String number) {
        return api.get("/api/v1/invoices/" + number).json();
    }

    static BigDecimal erpOpen(String number) {
        return jdbc.queryForObject("select erp_open_amount from invoice where invoice_number = ?", BigDecimal.class, number);
    }

    static void pay(String file, String amount, String remittance) {
        ApiClient.Response r = api.postRaw("/api/v1/bank-statements?fileName=" + file, new Camt053(ACCOUNT, LocalDate.of(2026, 11, 2))
                .credit(amount, "Cash And Co", "DE89370400440532013000", remittance).toBytes(), "application/xml");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static JsonNode application(String status, String invoiceNumber) {
        for (JsonNode a : api.get("/api/v1/erp/payment-applications?status=" + status + "&limit=100").json().get("items")) {
            if (a.get("invoiceNumber").asText().equals(invoiceNumber)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void aHubPaymentPostedToOdooIsCountedOnceAndOdooOnlyPaymentsToo() {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/invoices/INV-ERP-0001").status() == 200);

        // the bank pays 40 of 100; the hub applies it and posts it to Odoo, which books it (residual 60)
        pay("erp-out-1.xml", "40.00", "Facture INV-ERP-0001");
        JsonNode sent = await().atMost(Duration.ofSeconds(60)).until(() -> application("SENT", "INV-ERP-0001"), a -> a != null);
        assertThat(sent.get("direction").asText()).isEqualTo("APPLY");
        assertThat(sent.get("amount").asText()).isEqualTo("40.00");
        Map<String, Object> payment = odoo.record("account.payment", Long.parseLong(sent.get("erpId").asText()));
        assertThat(payment).containsEntry("ref", "encaisse:" + sent.get("allocationId").asText()).containsEntry("state", "posted");
        assertThat(odoo.record("account.move", 5001).get("amount_residual").toString()).isEqualTo("60.00");
        // Odoo's residual comes back through the pull: the hub still has 60 open, not 20
        await().atMost(Duration.ofSeconds(60)).until(() -> erpOpen("INV-ERP-0001").compareTo(new BigDecimal("60")) == 0);
        assertThat(invoice("INV-ERP-0001").get("openAmount").asText()).isEqualTo("60.00");
        assertThat(invoice("INV-ERP-0001").get("status").asText()).isEqualTo("PARTIALLY_PAID");

        // cash 25 booked in Odoo only: the hub's open amount drops by 25, once
        odoo.write("account.move", 5001, Map.of("amount_residual", new BigDecimal("35.00"), "payment_state", "partial"));
        await().atMost(Duration.ofSeconds(60)).until(() -> erpOpen("INV-ERP-0001").compareTo(new BigDecimal("35")) == 0);
        assertThat(invoice("INV-ERP-0001").get("openAmount").asText()).isEqualTo("35.00");
        // the same cash payment reported explicitly: still once; reported twice: unchanged
        Map<String, Object> cash = Map.of("erpPaymentId", "CASH-1", "invoiceNumber", "INV-ERP-0001", "currency", "EUR",
                "amount", "25.00", "paymentDate", "2026-11-03", "method", "cash");
        ApiClient.Response first = api.post("/api/v1/erp-payments", cash);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("invoice").get("openAmount").asText()).isEqualTo("35.00");
        ApiClient.Response again = api.post("/api/v1/erp-payments", cash);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Encaisse-Upsert")).isEqualTo("UNCHANGED");
        // Odoo reporting the hub's own payment as an ERP payment is recognised
        ApiClient.Response echo = api.post("/api/v1/erp-payments", Map.of("erpPaymentId", sent.get("erpId").asText(),
                "invoiceNumber", "INV-ERP-0001", "currency", "EUR", "amount", "40.00", "paymentDate", "2026-11-02"));
        assertThat(echo.json().get("hubApplication").asBoolean()).isTrue();
        assertThat(invoice("INV-ERP-0001").get("openAmount").asText()).isEqualTo("35.00");

        // a person undoes the allocation: Odoo's payment is cancelled, the invoice is open by 75 (100 - cash 25)
        String txn = invoice("INV-ERP-0001").get("allocations").get(0).get("bankTransactionId").asText();
        assertThat(api.call("DELETE", "/api/v1/bank-transactions/" + txn + "/allocations/" + sent.get("allocationId").asText()
                + "?reason=wrong%20customer", null, true).status()).isEqualTo(204);
        JsonNode reversal = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode r = application("SENT", "INV-ERP-0001");
            return r != null && r.get("direction").asText().equals("REVERSE") ? r : null;
        }, r -> r != null);
        assertThat(reversal.get("allocationId").asText()).isEqualTo(sent.get("allocationId").asText());
        assertThat(odoo.record("account.payment", Long.parseLong(sent.get("erpId").asText()))).containsEntry("state", "cancel");
        await().atMost(Duration.ofSeconds(60)).until(() -> erpOpen("INV-ERP-0001").compareTo(new BigDecimal("75")) == 0);
        assertThat(invoice("INV-ERP-0001").get("openAmount").asText()).isEqualTo("75.00");
    }

    @Test
    void odooDownIsRetriedAndARefusalFailsWithItsReasonUntilRetried() {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/invoices/INV-ERP-0002").status() == 200);
        odoo.failNextHttpOn("account.payment", 2, 502);
        pay("erp-out-2.xml", "300.00", "Facture INV-ERP-0002");
        JsonNode sent = await().atMost(Duration.ofSeconds(60)).until(() -> application("SENT", "INV-ERP-0002"), a -> a != null);
        assertThat(sent.get("attempts").asInt()).isGreaterThan(1);
        assertThat(odoo.record("account.move", 5002).get("amount_residual").toString()).isEqualTo("0.00");

        // an invoice the hub has but Odoo does not: Odoo cannot book it, FAILED with the reason and a dead letter
        assertThat(api.put("/api/v1/invoices/HUB-ONLY-1", Map.of("customerId", "C-ERPOUT", "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", "50.00")).status()).isEqualTo(201);
        pay("erp-out-3.xml", "50.00", "Facture HUB-ONLY-1");
        JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(() -> application("FAILED", "HUB-ONLY-1"), a -> a != null);
        assertThat(failed.get("lastError").asText()).contains("Odoo has no posted customer invoice HUB-ONLY-1");
        assertThat(api.get("/api/v1/dead-letters?routeId=invoices.erp-payments-out").json().get("items").toString())
                .contains(failed.get("applicationId").asText());
        // the hub's own accounting is unaffected: the invoice is paid in the hub
        assertThat(invoice("HUB-ONLY-1").get("status").asText()).isEqualTo("PAID");

        // retry: PENDING again, and FAILED again while Odoo still lacks the invoice
        ApiClient.Response retried = api.post("/api/v1/erp/payment-applications/" + failed.get("applicationId").asText() + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("status").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/erp/payment-applications/"
                + failed.get("applicationId").asText()).json().get("status").asText().equals("FAILED"));
        // a SENT one is not sent again
        assertThat(api.post("/api/v1/erp/payment-applications/" + sent.get("applicationId").asText() + "/retry", null).status())
                .isEqualTo(409);
    }
}
