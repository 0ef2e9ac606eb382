package io.encaisse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "first five minutes", step by step: a customer and two invoices through the API, the shipped
 * quickstart statement into the inbox, and the invoice paid with the customer's balance changed.
 */
class QuickstartTest extends HubTestBase {

    @Test
    void aPaymentInTheQuickstartStatementPaysTheInvoice() throws Exception {
        ApiClient api = api();
        ApiClient.Response customer = api.put("/api/v1/customers/C-ACME", Map.of(
                "name", "ACME SAS", "billingEmail", "compta@acme.example", "language", "fr", "currency", "EUR",
                "ibans", List.of("FR76 1010 7001 0112 3456 7890 129"),
                "salesRep", Map.of("name", "Claire Martin", "email", "claire.martin@encaisse.example"),
                "creditLimit", "50000.00"));
        assertThat(customer.status()).isEqualTo(201);
        assertThat(customer.header("Encaisse-Upsert")).isEqualTo("CREATED");

        assertThat(api.put("/api/v1/invoices/INV-2026-0001", Map.of("customerId", "C-ACME", "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", "1200.00")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/invoices/INV-2026-0002", Map.of("customerId", "C-ACME", "issueDate", "2026-11-15",
                "dueDate", "2099-12-31", "currency", "EUR", "amount", "800.00")).status()).isEqualTo(201);
        // the same upsert again changes nothing
        ApiClient.Response again = api.put("/api/v1/invoices/INV-2026-0002", Map.of("customerId", "C-ACME",
                "issueDate", "2026-11-15", "dueDate", "2099-12-31", "currency", "EUR", "amount", "800.00"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Encaisse-Upsert")).isEqualTo("UNCHANGED");

        JsonNode before = api.get("/api/v1/customers/C-ACME").json().get("position");
        assertThat(before.get("outstanding").asText()).isEqualTo("2000.00");
        assertThat(before.get("overdue").asText()).isEqualTo("1200.00");
        assertThat(before.get("paymentStatus").asText()).isEqualTo("OVERDUE");

        dropOnSftp("statement-camt053.xml", Files.readAllBytes(Path.of("src/test/resources/quickstart/statement-camt053.xml")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/api/v1/invoices/INV-2026-0001").json().get("status").asText()).isEqualTo("PAID"));
        JsonNode invoice = api.get("/api/v1/invoices/INV-2026-0001").json();
        assertThat(invoice.get("openAmount").asText()).isEqualTo("0.00");
        assertThat(invoice.get("lastPaymentDate").asText()).isEqualTo("2026-11-19");
        assertThat(invoice.get("allocations")).hasSize(1);
        assertThat(invoice.get("allocations").get(0).get("amount").asText()).isEqualTo("1200.00");
        assertThat(invoice.get("allocations").get(0).get("explanation").asText()).contains("INV-2026-0001");

        JsonNode after = api.get("/api/v1/customers/C-ACME").json().get("position");
        assertThat(after.get("outstanding").asText()).isEqualTo("800.00");
        assertThat(after.get("overdue").asText()).isEqualTo("0.00");
        assertThat(after.get("paymentStatus").asText()).isEqualTo("CURRENT");
        assertThat(after.get("lastPaymentDate").asText()).isEqualTo("2026-11-19");

        // the payment that names no invoice of ours stays visible for a person
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/bank-transactions?status=UNMATCHED&limit=100").json().get("items").findValuesAsText("counterpartyName"))
                .contains("DUPONT ET FILS"));

        // the statement is listed, and the file moved out of the inbox to done/
        JsonNode imports = api.get("/api/v1/bank-statements?status=IMPORTED&limit=100").json().get("items");
        JsonNode quickstart = null;
        for (JsonNode i : imports) {
            if (i.get("fileName").asText().equals("statement-camt053.xml")) {
                quickstart = i;
            }
        }
        assertThat(quickstart).isNotNull();
        assertThat(quickstart.get("messageVersion").asText()).isEqualTo("camt.053.001.02");
        assertThat(quickstart.get("statements").get(0).get("entries").asInt()).isEqualTo(3);
        assertThat(quickstart.get("statements").get(0).get("balanceCheck").asText()).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(SFTP_ROOT.resolve("done/statement-camt053.xml")).exists();
            assertThat(SFTP_ROOT.resolve("inbox/statement-camt053.xml")).doesNotExist();
        });
    }
}
