package io.encaisse.invoices.erp.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.encaisse.EncaisseApplication;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.PaymentTerms;
import io.encaisse.invoices.Receivables;
import io.encaisse.support.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Route invoices.rest-pull against {@link RestErpEmulator} (a real HTTP server): paging, the cursor in PostgreSQL, the
 * JSONata mappings, the ledger. One database, two short-lived hubs in turn (the second one is the restart, and reads
 * by next links instead of page numbers).
 */
class RestPullIntegrationTest {

    static final RestErpEmulator ERP = new RestErpEmulator().start();
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final int CUSTOMERS = 30;
    static final int INVOICES = 260;

    @AfterAll
    static void stop() {
        ERP.close();
    }

    static ConfigurableApplicationContext hub(String dbUrl, String pagination) {
        Path dataDir = Path.of("target", "test-data", "rest-pull-" + UUID.randomUUID()).toAbsolutePath();
        return new SpringApplicationBuilder(EncaisseApplication.class).run("--server.port=0",
                "--encaisse.hub.data-dir=" + dataDir, "--spring.datasource.url=" + dbUrl, "--spring.datasource.username=postgres",
                "--camel.main.routes-include-pattern=file:routes/error-handling.yaml,file:routes/erp-rest.yaml",
                "--encaisse.dunning.enabled=false", "--encaisse.erp.files.enabled=false",
                "--encaisse.erp.rest.enabled=true", "--encaisse.erp.rest.base-url=" + ERP.baseUrl(),
                "--encaisse.erp.rest.auth-value=Bearer " + RestErpEmulator.TOKEN,
                "--encaisse.erp.rest.pagination=" + pagination, "--encaisse.erp.rest.page-size=20",
                "--encaisse.erp.rest.poll-every=300", "--encaisse.erp.rest.max-retry-after=PT5S");
    }

    static String ts(Instant t) {
        return t.toString();
    }

    static Map<String, Object> customer(int c, Instant at) {
        Map<String, Object> m = new HashMap<>(Map.of("code", "RC-" + c, "name", "Rest customer " + c, "email",
                "ap@rest" + c + ".example", "language", "fr-FR", "currency", "EUR", "updated_at", ts(at)));
        if (c == 1) {
            m.putAll(Map.of("address", Map.of("line1", "3 quai Voltaire", "postal_code", "69002", "city", "Lyon", "country", "FR"),
                    "contacts", List.of(Map.of("type", "dunning", "name", "Relances", "email", "relances@rest1.example")),
                    "segment", "ETI", "parent_code", "RC-2", "payment_terms", Map.of("code", "45FDM", "name", "45 jours fin de mois")));
        }
        return m;
    }

    static Map<String, Object> invoice(int i, Instant at) {
        return new HashMap<>(Map.of("number", String.format("RF-%05d", i), "customer_code", "RC-" + (i % CUSTOMERS + 1),
                "type", "invoice", "status", "open", "issue_date", "2026-10-01", "due_date", "2026-10-31", "currency", "EUR",
                "total", (100 + i) + ".25", "balance", (100 + i) + ".25", "updated_at", ts(at)));
    }

    @Test
    void pullsPagesResumesAfterARestartAndNeverSkipsARecordOnTheCursorsTimestamp() {
        String db = TestPostgres.jdbcUrl("erp_rest_it");
        for (int c = 1; c <= CUSTOMERS; c++) {
            ERP.put("customers", c, customer(c, T0.plusSeconds(c / 4)));
        }
        // 60 invoices share one timestamp (3 full pages of it), the others 7 per second
        for (int i = 1; i <= INVOICES; i++) {
            Instant at = i <= 60 ? T0.plusSeconds(100) : T0.plusSeconds(100 + i / 7).plusMillis(250);
            ERP.put("invoices", 1000 + i, invoice(i, at));
        }
        Map<String, Object> bad = invoice(999, T0.plusSeconds(500));
        bad.put("currency", "EURO");
        ERP.put("invoices", 1999, bad);
        Map<String, Object> orphan = invoice(998, T0.plusSeconds(500));
        orphan.put("customer_code", "RC-LATE");
        ERP.put("invoices", 1998, orphan);
        // the ERP is busy, then down for a moment: the connector waits as asked, then retries with backoff
        ERP.failNext(429, "1");
        ERP.failNext(503, null);

        try (ConfigurableApplicationContext hub = hub(db, "PAGE")) {
            Receivables receivables = hub.getBean(Receivables.class);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "invoice") == INVOICES);

            CustomerView c1 = receivables.customer(new CustomerRef("RC-1")).orElseThrow();
            assertThat(c1.billingAddress().city()).isEqualTo("Lyon");
            assertThat(c1.dunningEmail()).isEqualTo("relances@rest1.example");
            assertThat(c1.segment()).isEqualTo("ETI");
            assertThat(c1.parent()).isEqualTo(new CustomerRef("RC-2"));
            assertThat(c1.paymentTerms()).isEqualTo(new PaymentTerms("45FDM", "45 jours fin de mois", null));
            assertThat(count(jdbc, "customer")).isEqualTo(CUSTOMERS);
            InvoiceView i42 = receivables.invoice(new InvoiceNumber("RF-00042")).orElseThrow();
            assertThat(i42.amount().amount()).isEqualByComparingTo("142.25");
            assertThat(i42.customer().value()).isEqualTo("RC-13");

            // rejections: the bad currency for good, the orphan until its customer comes
            await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc, "erp_sync_rejection") == 2);
            Map<String, Object> badRow = jdbc.queryForMap("select * from erp_sync_rejection where source_id = 1999");
            assertThat((String) badRow.get("reason")).contains("Unknown ISO 4217 currency code: EURO");
            assertThat(badRow.get("retryable")).isEqualTo(false);
            Map<String, Object> orphanRow = jdbc.queryForMap("select * from erp_sync_rejection where source_id = 1998");
            assertThat((String) orphanRow.get("reason")).startsWith("Unknown customer 'RC-LATE'");
            assertThat(orphanRow.get("retryable")).isEqualTo(true);

            // the 429 was honoured: the next request came after its Retry-After
            List<RestErpEmulator.Request> log = ERP.requests();
            int limited = indexOfStatus(log, 429);
            assertThat(Duration.between(log.get(limited).at(), log.get(limited + 1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
            assertThat(log.stream().filter(r -> r.status() == 503)).hasSize(1);
            // the later pages asked "updated since" the cursor (minus the overlap), never from the beginning
            assertThat(log.stream().filter(r -> r.status() == 200 && r.path().endsWith("/invoices"))
                    .anyMatch(r -> r.query().containsKey("updated_since"))).isTrue();

            // revoked credentials: permanent, recorded as a dead letter, not retried in a loop
            ERP.revoke();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from dead_letter where reason like '%refused the credentials%'", Integer.class) > 0);
            ERP.restore();
            assertThat(receivables.invoice(new InvoiceNumber("RF-00042"))).isPresent();
        }

        // while the hub is down: one invoice changes, one is added on exactly the cursor's timestamp with a higher id,
        // the late customer arrives
        Instant lastAt = Instant.parse(ERP.record("invoices", 1999).get("updated_at").asText());
        Map<String, Object> changed = invoice(7, T0.plusSeconds(900));
        changed.put("balance", "7.25");
        ERP.put("invoices", 1007, changed);
        ERP.put("invoices", 2500, invoice(2500, lastAt));
        // and enough changes for several pages of next links
        for (int i = 101; i <= 150; i++) {
            Map<String, Object> touched = invoice(i, T0.plusSeconds(1000 + i));
            touched.put("due_date", "2026-11-15");
            ERP.put("invoices", 1000 + i, touched);
        }
        Map<String, Object> late = customer(99, T0.plusSeconds(900));
        late.put("code", "RC-LATE");
        ERP.put("customers", 99, late);
        int before = ERP.requests().size();

        try (ConfigurableApplicationContext hub = hub(db, "NEXT_LINK")) {
            Receivables receivables = hub.getBean(Receivables.class);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> receivables.invoice(new InvoiceNumber("RF-02500")).isPresent()
                    && receivables.invoice(new InvoiceNumber("RF-00998")).isPresent()
                    && receivables.invoice(new InvoiceNumber("RF-00007")).orElseThrow().status() == InvoiceStatus.PARTIALLY_PAID);
            assertThat(receivables.invoice(new InvoiceNumber("RF-00007")).orElseThrow().openAmount().amount()).isEqualByComparingTo("7.25");
            assertThat(count(jdbc, "invoice")).isEqualTo(INVOICES + 2);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    receivables.invoice(new InvoiceNumber("RF-00150")).orElseThrow().dueDate().toString().equals("2026-11-15"));
            assertThat(jdbc.queryForObject("select count(*) from erp_sync_rejection where resolved_at is null", Integer.class)).isEqualTo(1);
            // resumed: the first invoice request after the restart asked from the stored cursor
            RestErpEmulator.Request first = ERP.requests().subList(before, ERP.requests().size()).stream()
                    .filter(r -> r.path().endsWith("/invoices")).findFirst().orElseThrow();
            assertThat(Instant.parse(first.query().get("updated_since"))).isEqualTo(lastAt);
            assertThat(ERP.requests().subList(before, ERP.requests().size())).as("next links followed")
                    .anyMatch(r -> r.query().containsKey("offset"));
            // nothing applied twice: one upsert event per created or changed invoice (pages are applied as batches)
            assertThat(jdbc.queryForObject("select sum(json_array_length((serialized_event::json) -> 'upserted')) from event_publication"
                    + " where event_type like '%.InvoiceBatchUpserted' and listener_id like '%Reconciliation%'",
                    Integer.class)).isEqualTo(INVOICES + 2 + 1 + 50);
        }
    }

    static int indexOfStatus(List<RestErpEmulator.Request> log, int status) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).status() == status) {
                return i;
            }
        }
        throw new AssertionError("no " + status + " in " + log);
    }

    static int count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }
}
