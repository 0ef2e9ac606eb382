package io.encaisse.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The canonical model's master data (addresses, contacts, segment, group, payment terms) through the REST API. */
class CustomerMasterDataTest extends HubTestBase {

    @Autowired
    Clock clock;
    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    static Map<String, Object> fullCustomer(String parent, String dunningEmail) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Dupont Industrie SAS", "billingEmail", "compta@dupont.example",
                "language", "fr", "currency", "EUR",
                "billingAddress", Map.of("lines", List.of("12 rue de la Paix", "Bâtiment B"), "postcode", "75002",
                        "city", "Paris", "country", "FR"),
                "billingContact", Map.of("name", "Anne Martin", "email", "anne@dupont.example", "phone", "+33 1 23 45 67 89",
                        "role", "Comptable fournisseurs"),
                "segment", "PME",
                "paymentTerms", Map.of("code", "30J", "label", "30 jours net", "days", 30)));
        if (dunningEmail != null) {
            body.put("dunningContact", Map.of("name", "Paul Leroy", "email", dunningEmail, "role", "DAF"));
        }
        if (parent != null) {
            body.put("parentCustomerId", parent);
        }
        return body;
    }

    @Test
    void masterDataIsStoredReturnedAndAnUnchangedRepeatChangesNothing() {
        ApiClient api = api();
        String ref = "C-MD-" + run;
        ApiClient.Response created = api.put("/api/v1/customers/" + ref, fullCustomer("G-" + run, null));
        assertThat(created.status()).isEqualTo(201);
        JsonNode c = api.get("/api/v1/customers/" + ref).json();
        assertThat(c.at("/billingAddress/lines").toString()).isEqualTo("[\"12 rue de la Paix\",\"Bâtiment B\"]");
        assertThat(c.at("/billingAddress/postcode").asText()).isEqualTo("75002");
        assertThat(c.at("/billingAddress/country").asText()).isEqualTo("FR");
        assertThat(c.at("/billingContact/phone").asText()).isEqualTo("+33 1 23 45 67 89");
        assertThat(c.at("/billingContact/role").asText()).isEqualTo("Comptable fournisseurs");
        assertThat(c.has("dunningContact")).isFalse();
        assertThat(c.get("segment").asText()).isEqualTo("PME");
        assertThat(c.get("parentCustomerId").asText()).isEqualTo("G-" + run);
        assertThat(c.at("/paymentTerms/days").asInt()).isEqualTo(30);

        assertThat(api.put("/api/v1/customers/" + ref, fullCustomer("G-" + run, null)).header("Encaisse-Upsert")).isEqualTo("UNCHANGED");
        Map<String, Object> moved = fullCustomer("G-" + run, null);
        moved.put("billingAddress", Map.of("lines", List.of("1 place Bellecour"), "postcode", "69002", "city", "Lyon", "country", "FR"));
        assertThat(api.put("/api/v1/customers/" + ref, moved).header("Encaisse-Upsert")).isEqualTo("UPDATED");
        assertThat(api.get("/api/v1/customers/" + ref).json().at("/billingAddress/city").asText()).isEqualTo("Lyon");
        Map<String, Object> noTerms = new HashMap<>(moved);
        noTerms.remove("paymentTerms");
        assertThat(api.put("/api/v1/customers/" + ref, noTerms).header("Encaisse-Upsert")).isEqualTo("UPDATED");
        assertThat(api.get("/api/v1/customers/" + ref).json().has("paymentTerms")).isFalse();
    }

    @Test
    void invalidMasterDataIsRefusedWithItsField() {
        Map<String, Object> bad = fullCustomer(null, null);
        bad.put("billingAddress", Map.of("city", "Paris", "country", "France"));
        ApiClient.Response r = api().putInvalid("/api/v1/customers/C-BAD-" + run, bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("billingAddress.country");
        Map<String, Object> self = fullCustomer("C-SELF-" + run, null);
        assertThat(api().put("/api/v1/customers/C-SELF-" + run, self).status()).isEqualTo(422);
    }

    @Test
    void aGroupSeesTheConsolidatedExposureOfItsMembersInItsCurrency() {
        ApiClient api = api();
        LocalDate today = LocalDate.now(clock);
        String group = "G-" + run;
        String child = "C-CH1-" + run;
        String grandChild = "C-CH2-" + run;
        // a child may arrive before its parent
        api.put("/api/v1/customers/" + child, fullCustomer(group, null));
        api.put("/api/v1/customers/" + group, Map.of("name", "Groupe Dupont", "currency", "EUR"));
        api.put("/api/v1/customers/" + grandChild, fullCustomer(child, null));
        String usd = "C-USD-" + run;
        api.put("/api/v1/customers/" + usd, Map.of("name", "Dupont Inc", "currency", "USD", "parentCustomerId", group));
        api.put("/api/v1/invoices/G" + run + "-1", invoice(group, today.minusDays(40), today.minusDays(10), "EUR", "100.00"));
        api.put("/api/v1/invoices/G" + run + "-2", invoice(child, today.minusDays(5), today.plusDays(25), "EUR", "250.50"));
        api.put("/api/v1/invoices/G" + run + "-3", invoice(grandChild, today.minusDays(60), today.minusDays(30), "EUR", "1000.00"));
        api.put("/api/v1/invoices/G" + run + "-4", invoice(usd, today.minusDays(60), today.minusDays(30), "USD", "7.00"));

        JsonNode own = api.get("/api/v1/customers/" + group + "/position").json();
        assertThat(own.get("consolidated").asBoolean()).isFalse();
        assertThat(own.at("/position/outstanding").asText()).isEqualTo("100.00");

        JsonNode consolidated = api.get("/api/v1/customers/" + group + "/position?consolidated=true").json();
        assertThat(consolidated.get("members").toString()).contains(group, child, grandChild, usd);
        assertThat(consolidated.get("members").get(0).asText()).isEqualTo(group);
        assertThat(consolidated.at("/position/outstanding").asText()).isEqualTo("1350.50");
        assertThat(consolidated.at("/position/overdue").asText()).isEqualTo("1100.00");
        assertThat(consolidated.at("/position/oldestOverdueDays").asInt()).isEqualTo(30);

        JsonNode sub = api.get("/api/v1/customers/" + child + "/position?consolidated=true").json();
        assertThat(sub.at("/position/outstanding").asText()).isEqualTo("1250.50");
        assertThat(api.get("/api/v1/customers/NOPE-" + run + "/position").status()).isEqualTo(404);
    }

    @Test
    void invoicePaymentTermsAndEveryDueDateOrAmountChangePublishInvoiceUpserted() {
        ApiClient api = api();
        LocalDate today = LocalDate.now(clock);
        String ref = "C-PT-" + run;
        api.put("/api/v1/customers/" + ref, Map.of("name", "Terms SARL", "currency", "EUR"));
        String number = "PT" + run + "-1";
        Map<String, Object> body = invoice(ref, today, today.plusDays(30), "EUR", "100.00");
        body.put("paymentTerms", Map.of("code", "30J", "label", "30 jours", "days", 30));
        body.put("purchaseOrder", "PO-778");
        assertThat(api.put("/api/v1/invoices/" + number, body).status()).isEqualTo(201);
        JsonNode inv = api.get("/api/v1/invoices/" + number).json();
        assertThat(inv.at("/paymentTerms/label").asText()).isEqualTo("30 jours");
        assertThat(inv.get("purchaseOrder").asText()).isEqualTo("PO-778");
        assertThat(upsertedEvents(number)).isEqualTo(1);

        assertThat(api.put("/api/v1/invoices/" + number, body).header("Encaisse-Upsert")).isEqualTo("UNCHANGED");
        assertThat(upsertedEvents(number)).isEqualTo(1);

        body.put("dueDate", today.plusDays(45).toString());
        assertThat(api.put("/api/v1/invoices/" + number, body).header("Encaisse-Upsert")).isEqualTo("UPDATED");
        assertThat(upsertedEvents(number)).isEqualTo(2);

        // through the batch: a new amount
        Map<String, Object> batched = new HashMap<>(body);
        batched.put("invoiceNumber", number);
        batched.put("amount", "120.00");
        JsonNode result = api.post("/api/v1/invoices/batch", Map.of("invoices", List.of(batched))).json();
        assertThat(result.at("/results/0/outcome").asText()).isEqualTo("UPDATED");
        assertThat(upsertedEvents(number)).isEqualTo(3);
        inv = api.get("/api/v1/invoices/" + number).json();
        assertThat(inv.get("amount").asText()).isEqualTo("120.00");
        assertThat(inv.get("openAmount").asText()).isEqualTo("120.00");
        assertThat(inv.get("dueDate").asText()).isEqualTo(today.plusDays(45).toString());

        // new terms alone are a change too
        batched.put("paymentTerms", Map.of("code", "45J", "days", 45));
        assertThat(api.post("/api/v1/invoices/batch", Map.of("invoices", List.of(batched))).json().at("/results/0/outcome").asText())
                .isEqualTo("UPDATED");
        assertThat(api.get("/api/v1/invoices/" + number).json().at("/paymentTerms/code").asText()).isEqualTo("45J");
    }

    @Test
    void remindersGoToTheDunningContactWhenTheErpNamesOne() {
        ApiClient api = api();
        LocalDate today = LocalDate.now(clock);
        String withContact = "C-DC-" + run;
        String without = "C-BE-" + run;
        String dunningEmail = "relances-" + run.toLowerCase() + "@dupont.example";
        api.put("/api/v1/customers/" + withContact, fullCustomer(null, dunningEmail));
        Map<String, Object> plain = new HashMap<>(fullCustomer(null, null));
        plain.put("billingEmail", "billing-" + run.toLowerCase() + "@dupont.example");
        api.put("/api/v1/customers/" + without, plain);
        api.put("/api/v1/invoices/DC" + run + "-1", invoice(withContact, today.minusDays(40), today.minusDays(5), "EUR", "10.00"));
        api.put("/api/v1/invoices/DC" + run + "-2", invoice(without, today.minusDays(40), today.minusDays(5), "EUR", "10.00"));

        JsonNode notices = api.post("/api/v1/dunning/runs", null).json().get("newNotices");
        Map<String, String> emailByCustomer = new HashMap<>();
        notices.forEach(n -> emailByCustomer.put(n.get("customerId").asText(), n.get("emailTo").asText()));
        assertThat(emailByCustomer.get(withContact)).isEqualTo(dunningEmail);
        assertThat(emailByCustomer.get(without)).isEqualTo("billing-" + run.toLowerCase() + "@dupont.example");
    }

    private int upsertedEvents(String number) {
        // single upserts publish InvoiceUpserted, batches one InvoiceBatchUpserted per chunk (counted once: reconciliation's)
        return jdbc.queryForObject("select count(*) from event_publication where (event_type like '%.InvoiceUpserted' "
                + "or event_type like '%.InvoiceBatchUpserted' and listener_id like '%Reconciliation%') and serialized_event like ?",
                Integer.class, "%\"" + number + "\"%");
    }

    static Map<String, Object> invoice(String customer, LocalDate issue, LocalDate due, String currency, String amount) {
        return new HashMap<>(Map.of("customerId", customer, "issueDate", issue.toString(), "dueDate", due.toString(),
                "currency", currency, "amount", amount));
    }
}
