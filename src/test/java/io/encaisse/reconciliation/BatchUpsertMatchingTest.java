package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.HubTestBase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Payments waiting for their invoices are matched when the invoices arrive in a batch (one look-up per chunk). */
class BatchUpsertMatchingTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @Test
    void waitingPaymentsAreMatchedWhenTheirInvoicesArriveInABatch() throws Exception {
        ApiClient api = api();
        String customer = "C-W-" + run;
        assertThat(api.put("/api/v1/customers/" + customer, Map.of("name", "Waiting " + run, "currency", "EUR")).status())
                .isEqualTo(201);
        String a = "W" + run + "-0007";
        // a letter before the zeros, so the key is "W<run>B42" whatever the run's last character
        String b = "W" + run + "-B0042";
        String usd = "W" + run + "-0099";
        dropOnSftp("waiting-" + run + ".xml", new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 21))
                .credit("120.00", "Waiting " + run, null, "Invoice " + a)
                .credit("80.00", "Waiting " + run, null, "facture " + ("w" + run + "b 42").toLowerCase())
                .credit("99.00", "Waiting " + run, null, "Invoice " + usd)
                .toBytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from recon_transaction where counterparty_name = ? and status = 'UNMATCHED'", Integer.class,
                "Waiting " + run) == 3);

        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(record("W" + run + "-X" + i, customer, "EUR", "10.00"));
        }
        records.add(record(a, customer, "EUR", "120.00"));
        records.add(record(b, customer, "EUR", "80.00"));
        records.add(record(usd, customer, "USD", "99.00")); // mentioned, but in another currency than the payment
        assertThat(api.post("/api/v1/invoices/batch", Map.of("invoices", records)).json().get("summary").get("created").asInt())
                .isEqualTo(53);

        try {
            // the listener queue is shared with every other test's events: generous, as for the statement above
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(api.get("/api/v1/invoices/" + a).json().get("status").asText()).isEqualTo("PAID");
                assertThat(api.get("/api/v1/invoices/" + b).json().get("status").asText()).isEqualTo("PAID");
            });
        } catch (AssertionError | RuntimeException notYet) {
            throw new AssertionError("Waiting payments " + jdbc.queryForList("select status, reason, remittance from recon_transaction"
                    + " where counterparty_name = ?", "Waiting " + run) + "; batch events " + jdbc.queryForList("select listener_id,"
                    + " publication_date, completion_date from event_publication where event_type like '%.InvoiceBatchUpserted'"
                    + " and serialized_event like ?", "%W" + run + "%") + "; events not yet handled: " + jdbc.queryForObject(
                    "select count(*) from event_publication where completion_date is null", Integer.class), notYet);
        }
        assertThat(api.get("/api/v1/invoices/" + usd).json().get("status").asText()).isEqualTo("OPEN");
    }

    private static Map<String, Object> record(String number, String customer, String currency, String amount) {
        return new HashMap<>(Map.of("invoiceNumber", number, "customerId", customer, "issueDate", "2026-11-01",
                "dueDate", "2026-12-01", "currency", currency, "amount", amount));
    }
}
