package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.HubTestBase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** From a statement file on SFTP to invoice states: partial, grouped, over- and late-arriving payments. */
class ReconciliationFlowTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private String customer(ApiClient api) {
        String id = "C-" + run;
        assertThat(api.put("/api/v1/customers/" + id, Map.of("name", "Client " + run, "currency", "EUR",
                "billingEmail", "ap-" + run + "@client.example")).status()).isEqualTo(201);
        return id;
    }

    private String invoice(ApiClient api, String customer, String suffix, String amount) {
        String number = "F" + run + "-" + suffix;
        assertThat(api.put("/api/v1/invoices/" + number, Map.of("customerId", customer, "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", amount)).status()).isEqualTo(201);
        return number;
    }

    private JsonNode invoiceState(String number) {
        return api().get("/api/v1/invoices/" + number).json();
    }

    @Test
    void partialGroupedOverAndUnmatchedPayments() throws Exception {
        ApiClient api = api();
        String c = customer(api);
        String partial = invoice(api, c, "1", "1000.00");
        String g1 = invoice(api, c, "2", "300.00");
        String g2 = invoice(api, c, "3", "200.00");
        String over = invoice(api, c, "4", "50.00");
        String untouched = invoice(api, c, "5", "75.00");

        byte[] statement = new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 20))
                .credit("400.00", "Client " + run, null, "Acompte facture " + partial.toLowerCase())
                .credit("500.00", "Client " + run, null, "Factures " + g1 + " et " + g2)
                .credit("80.00", "Client " + run, null, "Paiement " + over)
                .credit("123.45", "Someone Else", null, "Merci pour tout")
                .debit("9.90", "Frais")
                .toBytes();
        dropOnSftp("recon-" + run + ".xml", statement);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(over).get("status").asText()).isEqualTo("PAID"));
        JsonNode p = invoiceState(partial);
        assertThat(p.get("status").asText()).isEqualTo("PARTIALLY_PAID");
        assertThat(p.get("openAmount").asText()).isEqualTo("600.00");
        assertThat(invoiceState(g1).get("status").asText()).isEqualTo("PAID");
        assertThat(invoiceState(g2).get("status").asText()).isEqualTo("PAID");
        assertThat(invoiceState(g1).get("allocations").get(0).get("rule").asText()).isEqualTo("invoice-references-grouped");
        // same currency: no conversion fields
        assertThat(invoiceState(g1).get("allocations").get(0).has("exchangeRate")).isFalse();
        assertThat(invoiceState(g1).get("allocations").get(0).has("bankAmount")).isFalse();
        // no payments connector here: nothing was posted to an ERP
        assertThat(invoiceState(g1).get("allocations").get(0).has("erp")).isFalse();
        assertThat(invoiceState(untouched).get("status").asText()).isEqualTo("OPEN");

        JsonNode position = api.get("/api/v1/customers/" + c).json().get("position");
        assertThat(position.get("outstanding").asText()).isEqualTo("675.00"); // 600 + 75

        // the overpayment keeps its rest as unapplied credit
        JsonNode overTxn = transactionPaying(over);
        assertThat(overTxn.get("status").asText()).isEqualTo("PARTIALLY_APPLIED");
        assertThat(overTxn.get("unapplied").asText()).isEqualTo("30.00");

        // nothing named: unmatched, with the reason
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode unmatched = api.get("/api/v1/bank-transactions?status=UNMATCHED&limit=100").json().get("items");
            JsonNode mine = null;
            for (JsonNode t : unmatched) {
                if ("Someone Else".equals(t.path("counterpartyName").asText()) && "123.45".equals(t.get("amount").asText())) {
                    mine = t;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("reason").asText()).contains("No invoice number");
        });
    }

    @Test
    void aPaymentThatArrivesBeforeItsInvoiceIsMatchedWhenTheInvoiceArrives() throws Exception {
        ApiClient api = api();
        String c = customer(api);
        String number = "F" + run + "-LATE";
        dropOnSftp("early-" + run + ".xml", new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 21))
                .credit("250.00", "Client " + run, null, "Invoice " + number).toBytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from recon_transaction where remittance like ? and status = 'UNMATCHED'", Integer.class,
                "%" + number + "%") == 1);

        assertThat(api.put("/api/v1/invoices/" + number, Map.of("customerId", c, "issueDate", "2026-11-01",
                "dueDate", "2026-12-01", "currency", "EUR", "amount", "250.00")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
    }

    @Test
    void reHandlingTheSameStatementNeverAllocatesTwice() throws Exception {
        ApiClient api = api();
        String c = customer(api);
        String number = invoice(api, c, "ONCE", "100.00");
        byte[] statement = new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 22))
                .credit("40.00", "Client " + run, null, number).toBytes();
        dropOnSftp("once-" + run + ".xml", statement);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("60.00"));
        // the same statement again, under another name and through the API
        assertThat(api.postRaw("/api/v1/bank-statements?fileName=once-again.xml", statement, "application/xml").status())
                .isEqualTo(409);
        assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("60.00");
        assertThat(invoiceState(number).get("allocations")).hasSize(1);
    }

    @Test
    void withoutAPaymentsConnectorTheErpBookingTheSameBankPaymentDoesNotCountTwice() throws Exception {
        ApiClient api = api(); // this hub: encaisse.erp.payments-out.connector = none (the default)
        String c = customer(api);
        String number = invoice(api, c, "SELF", "100.00");
        dropOnSftp("self-" + run + ".xml", new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 22))
                .credit("40.00", "Client " + run, null, number).toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("60.00"));
        // the ERP's accountant reconciled the same statement in the ERP: its next report says 60 open, not 20
        Map<String, Object> erp = new java.util.HashMap<>(Map.of("customerId", c, "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", "100.00", "openAmount", "60.00"));
        assertThat(api.put("/api/v1/invoices/" + number, erp).status()).isEqualTo(200);
        assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("60.00");
        assertThat(invoiceState(number).get("status").asText()).isEqualTo("PARTIALLY_PAID");
        // a cash payment of 25 only the ERP knows still counts
        erp.put("openAmount", "35.00");
        assertThat(api.put("/api/v1/invoices/" + number, erp).status()).isEqualTo(200);
        assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("35.00");
    }

    @Test
    void aLargeStatementsChunksSeeWhatTheChunkBeforeThemSettles() throws Exception {
        // 2 chunks of credits (ReconciliationService.CHUNK = 250), decided while the one before still writes
        ApiClient api = api();
        String c = customer(api);
        String split = invoice(api, c, "SPLIT", "100.00");
        String twice = invoice(api, c, "TWICE", "70.00");
        Camt053 camt = new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 23))
                .credit("60.00", "Client " + run, null, "Acompte " + split)
                .credit("70.00", "Client " + run, null, "Facture " + twice);
        for (int i = 0; i < 258; i++) {
            camt.credit(String.format(java.util.Locale.ROOT, "%d.%02d", 11 + i, i % 100), "Payer " + i + " " + run, null, "Merci " + i);
        }
        camt.credit("40.00", "Client " + run, null, "Solde " + split) // the rest, in the second chunk
                .credit("70.00", "Client " + run, null, "Facture " + twice); // paid a second time, second chunk
        dropOnSftp("chunks-" + run + ".xml", camt.toBytes());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(invoiceState(split).get("status").asText()).isEqualTo("PAID");
            assertThat(jdbc.queryForObject("select count(*) from recon_transaction where remittance like ? and reason is not null",
                    Integer.class, "%" + twice + "%")).isEqualTo(2);
        });
        assertThat(invoiceState(split).get("allocations")).hasSize(2);
        assertThat(invoiceState(twice).get("status").asText()).isEqualTo("PAID");
        assertThat(invoiceState(twice).get("allocations")).hasSize(1);
        // the second payment of the paid invoice keeps its money, with a reason a person can act on
        java.util.List<java.util.Map<String, Object>> rows = jdbc.queryForList(
                "select status, unapplied_amount, reason from recon_transaction where remittance like ? order by created_at, id",
                "%" + twice + "%");
        assertThat(rows).extracting(r -> r.get("status")).containsOnlyOnce("MATCHED");
        assertThat(rows).filteredOn(r -> !"MATCHED".equals(r.get("status"))).hasSize(1)
                .allSatisfy(r -> assertThat((java.math.BigDecimal) r.get("unapplied_amount")).isEqualByComparingTo("70.00"));
        // decided on what the first chunk leaves open, even while that chunk was still uncommitted
        assertThat(rows).filteredOn(r -> !"MATCHED".equals(r.get("status")))
                .allSatisfy(r -> assertThat((String) r.get("reason")).contains("names " + twice + " has nothing open"));
    }

    private JsonNode transactionPaying(String invoiceNumber) {
        String txnId = invoiceState(invoiceNumber).get("allocations").get(0).get("bankTransactionId").asText();
        return api().get("/api/v1/bank-transactions/" + txnId).json();
    }
}
