package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The generic REST payments-out connector inside a running hub (connector rest), against a real HTTP receiver that
 * answers what the test queues: a bank payment matched by the hub is POSTed with the mapped body, the credential from
 * configuration and the allocation id as Idempotency-Key; a 503 is retried; the undo is POSTed as a reversal of the
 * ERP's id; a 409 counts as booked; a 422 is FAILED with its reason until a person retries it.
 */
class ErpPaymentsOutRestTest {

    record Received(String idempotencyKey, String authorization, JsonNode body) {
    }

    static final String KEY = "erp-rest-out-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final Deque<int[]> failures = new ArrayDeque<>(); // {status} answered before the default 201
    static HttpServer erp;
    static ConfigurableApplicationContext hub;
    static ApiClient api;
    static int ids = 100;

    @BeforeAll
    static void start() throws IOException {
        erp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        erp.createContext("/erp/payments", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
                int[] failure;
                synchronized (failures) {
                    failure = failures.poll();
                }
                int status = failure == null ? 201 : failure[0];
                String answer = status == 201 ? "{\"id\":\"PAY-" + (++ids) + "\"}"
                        : "{\"error\":\"status " + status + " from the test ERP\"}";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        erp.start();
        hub = TestPostgres.isolatedHub("erp_rest_out", "encaisse.api.bootstrap-key=" + KEY, "encaisse.dunning.enabled=false",
                "encaisse.erp.payments-out.connector=rest", "encaisse.erp.payments-out.send-every=200",
                "encaisse.erp.payments-out.retry-schedule=200ms,200ms,200ms",
                "encaisse.erp.payments-out.rest.url=http://127.0.0.1:" + erp.getAddress().getPort() + "/erp/payments",
                "encaisse.erp.payments-out.rest.auth-value=Bearer test-erp-token");
        api = ApiClient.create(Integer.parseInt(hub.getEnvironment().getProperty("local.server.port")), KEY);
        assertThat(api.put("/api/v1/customers/C-REST", Map.of("name", "Rest Kunde GmbH", "currency", "EUR")).status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        erp.stop(0);
    }

    static void invoice(String number, String amount) {
        assertThat(api.put("/api/v1/invoices/" + number, Map.of("customerId", "C-REST", "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", amount)).status()).isEqualTo(201);
    }

    static void pay(String file, String amount, String remittance) {
        ApiClient.Response r = api.postRaw("/api/v1/bank-statements?fileName=" + file,
                new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 2))
                        .credit(amount, "Rest Kunde GmbH", "DE89370400440532013000", remittance).toBytes(), "application/xml");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static JsonNode application(String status, String invoiceNumber, String direction) {
        for (JsonNode a : api.get("/api/v1/erp/payment-applications?status=" + status + "&limit=100").json().get("items")) {
            if (a.get("invoiceNumber").asText().equals(invoiceNumber) && a.get("direction").asText().equals(direction)) {
                return a;
            }
        }
        return null;
    }

    static List<Received> receivedFor(String idempotencyKey) {
        return received.stream().filter(r -> idempotencyKey.equals(r.idempotencyKey())).toList();
    }

    @Test
    void aMatchedPaymentIsPostedRetriedAndItsUndoingPostedAsAReversal() {
        invoice("REST-OUT-1", "120.00");
        synchronized (failures) {
            failures.add(new int[] {503}); // the ERP is down for the first attempt
        }
        pay("rest-out-1.xml", "120.00", "Rechnung REST-OUT-1");
        JsonNode sent = await().atMost(Duration.ofSeconds(60)).until(() -> application("SENT", "REST-OUT-1", "APPLY"), a -> a != null);
        String allocationId = sent.get("allocationId").asText();
        assertThat(sent.get("connector").asText()).isEqualTo("rest");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(sent.get("erpId").asText()).startsWith("PAY-");

        // both attempts carried the same key, the credential and the mapped body (amount as an exact string)
        List<Received> posts = receivedFor(allocationId);
        assertThat(posts).hasSize(2);
        for (Received r : posts) {
            assertThat(r.authorization()).isEqualTo("Bearer test-erp-token");
            assertThat(r.body().get("type").asText()).isEqualTo("payment");
            assertThat(r.body().get("externalId").asText()).isEqualTo(allocationId);
            assertThat(r.body().get("invoice").asText()).isEqualTo("REST-OUT-1");
            assertThat(r.body().get("customer").asText()).isEqualTo("C-REST");
            assertThat(r.body().get("amount").isTextual()).isTrue();
            assertThat(r.body().get("amount").asText()).isEqualTo("120.00");
            assertThat(r.body().get("currency").asText()).isEqualTo("EUR");
            assertThat(r.body().get("date").asText()).isEqualTo("2026-11-02");
        }

        // the allocation itself shows where its posting stands, on the invoice and on the bank transaction
        JsonNode onInvoice = api.get("/api/v1/invoices/REST-OUT-1").json().get("allocations").get(0).get("erp");
        assertThat(onInvoice.get("status").asText()).isEqualTo("SENT");
        assertThat(onInvoice.get("applicationId").asText()).isEqualTo(sent.get("applicationId").asText());
        assertThat(onInvoice.get("erpId").asText()).isEqualTo(sent.get("erpId").asText());
        assertThat(onInvoice.has("reversalStatus")).isFalse();

        // a person undoes the allocation: the reversal names the ERP's payment; a 409 (already done) counts as booked
        synchronized (failures) {
            failures.add(new int[] {409});
        }
        String txn = api.get("/api/v1/invoices/REST-OUT-1").json().get("allocations").get(0).get("bankTransactionId").asText();
        assertThat(api.call("DELETE", "/api/v1/bank-transactions/" + txn + "/allocations/" + allocationId + "?reason=wrong%20invoice",
                null, true).status()).isEqualTo(204);
        JsonNode reversal = await().atMost(Duration.ofSeconds(60)).until(() -> application("SENT", "REST-OUT-1", "REVERSE"),
                a -> a != null);
        assertThat(reversal.get("allocationId").asText()).isEqualTo(allocationId);
        List<Received> reversals = receivedFor(allocationId + ":REVERSE");
        assertThat(reversals).hasSize(1);
        assertThat(reversals.get(0).body().get("type").asText()).isEqualTo("payment.reversal");
        assertThat(reversals.get(0).body().get("reverses").asText()).isEqualTo(sent.get("erpId").asText());
        assertThat(api.get("/api/v1/invoices/REST-OUT-1").json().get("openAmount").asText()).isEqualTo("120.00");
        JsonNode onTransaction = api.get("/api/v1/bank-transactions/" + txn).json().get("allocations").get(0).get("erp");
        assertThat(onTransaction.get("status").asText()).isEqualTo("SENT");
        assertThat(onTransaction.get("reversalStatus").asText()).isEqualTo("SENT");
    }

    @Test
    void aRefusalIsFailedWithItsReasonAndSentAgainOnRetry() {
        invoice("REST-OUT-2", "75.50");
        synchronized (failures) {
            failures.add(new int[] {422});
        }
        pay("rest-out-2.xml", "75.50", "Rechnung REST-OUT-2");
        JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(() -> application("FAILED", "REST-OUT-2", "APPLY"),
                a -> a != null);
        assertThat(failed.get("lastError").asText()).contains("422");
        JsonNode posting = api.get("/api/v1/invoices/REST-OUT-2").json().get("allocations").get(0).get("erp");
        assertThat(posting.get("status").asText()).isEqualTo("FAILED");
        assertThat(posting.get("lastError").asText()).isEqualTo(failed.get("lastError").asText());
        assertThat(api.get("/api/v1/dead-letters?routeId=invoices.erp-payments-out").json().get("items").toString())
                .contains(failed.get("applicationId").asText());
        // the hub's own books are not held hostage by the ERP
        assertThat(api.get("/api/v1/invoices/REST-OUT-2").json().get("status").asText()).isEqualTo("PAID");

        ApiClient.Response retried = api.post("/api/v1/erp/payment-applications/" + failed.get("applicationId").asText() + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        JsonNode sent = await().atMost(Duration.ofSeconds(60)).until(() -> application("SENT", "REST-OUT-2", "APPLY"), a -> a != null);
        assertThat(sent.get("applicationId").asText()).isEqualTo(failed.get("applicationId").asText());
        assertThat(receivedFor(failed.get("allocationId").asText())).hasSize(2);
    }
}
