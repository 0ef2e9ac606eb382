package io.encaisse.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bulk upserts: per-record outcomes, bad records rejected without blocking the good ones, re-sending changes nothing. */
class InvoiceBatchTest extends HubTestBase {

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private Map<String, Object> invoice(String number, String customer, String amount) {
        return Map.of("invoiceNumber", number, "customerId", customer, "issueDate", "2026-11-01", "dueDate", "2026-12-01",
                "currency", "EUR", "amount", amount);
    }

    @Test
    void goodRecordsLandAndBadOnesAreRejectedWithTheirReason() {
        ApiClient api = api();
        String customer = "C-B-" + run;
        api.put("/api/v1/customers/" + customer, Map.of("name", "Batch customer", "currency", "EUR"));
        List<Map<String, Object>> invoices = List.of(
                invoice("B" + run + "-1", customer, "100.00"),
                invoice("B" + run + "-2", "C-UNKNOWN-" + run, "100.00"),
                invoice("B" + run + "-3", customer, "12.345"),
                invoice("B" + run + "-4", customer, "250.00"));
        ApiClient.Response first = api.call("POST", "/api/v1/invoices/batch", Map.of("invoices", invoices), false);
        assertThat(first.status()).isEqualTo(200);
        JsonNode summary = first.json().get("summary");
        assertThat(summary.get("created").asInt()).isEqualTo(2);
        assertThat(summary.get("rejected").asInt()).isEqualTo(2);
        JsonNode results = first.json().get("results");
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("reason").asText()).contains("C-UNKNOWN-" + run);
        assertThat(results.get(2).get("reason").asText()).contains("more decimals than EUR");
        assertThat(api.get("/api/v1/invoices/B" + run + "-4").json().get("openAmount").asText()).isEqualTo("250.00");

        ApiClient.Response again = api.call("POST", "/api/v1/invoices/batch", Map.of("invoices", invoices), false);
        assertThat(again.json().get("summary").get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.json().get("summary").get("created").asInt()).isZero();
    }

    @Test
    void aLargeBatchIsAppliedInChunks() {
        ApiClient api = api();
        String customer = "C-L-" + run;
        api.put("/api/v1/customers/" + customer, Map.of("name", "Large batch", "currency", "EUR"));
        List<Map<String, Object>> invoices = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            invoices.add(invoice("L" + run + "-" + i, customer, i + ".50"));
        }
        ApiClient.Response created = api.post("/api/v1/invoices/batch", Map.of("invoices", invoices));
        assertThat(created.json().get("summary").get("created").asInt()).isEqualTo(1_200);
        invoices.set(700, invoice("L" + run + "-700", customer, "9999.00"));
        ApiClient.Response updated = api.post("/api/v1/invoices/batch", Map.of("invoices", invoices));
        assertThat(updated.json().get("summary").get("updated").asInt()).isEqualTo(1);
        assertThat(updated.json().get("summary").get("unchanged").asInt()).isEqualTo(1_199);
        assertThat(api.get("/api/v1/customers/" + customer).json().get("position").get("openInvoices").asInt()).isEqualTo(1_200);
    }

    @Test
    void textWithCopySpecialCharactersIsStoredAsSent() {
        ApiClient api = api();
        String customer = "C-T-" + run;
        api.put("/api/v1/customers/" + customer, Map.of("name", "Text batch", "currency", "EUR"));
        // new invoices are written by COPY (text format): its separators and escapes must not leak into the values
        String po = "PO\\N\t1\\2\nline\r end \u00e9";
        Map<String, Object> record = new java.util.HashMap<>(invoice("T" + run + "-1", customer, "10.00"));
        record.put("purchaseOrder", po);
        ApiClient.Response created = api.post("/api/v1/invoices/batch", Map.of("invoices", List.of(record)));
        assertThat(created.json().get("summary").get("created").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/invoices/T" + run + "-1").json().get("purchaseOrder").asText()).isEqualTo(po);
        ApiClient.Response again = api.post("/api/v1/invoices/batch", Map.of("invoices", List.of(record)));
        assertThat(again.json().get("summary").get("unchanged").asInt()).isEqualTo(1);
    }
}
