package io.encaisse.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePaymentsApplied;
import io.encaisse.invoices.PaymentApplication;
import io.encaisse.invoices.PaymentToApply;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.PaymentUnmatched;
import io.encaisse.shared.Money;
import io.encaisse.support.HubTestBase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.encaisse.support.ApiClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * End to end on the shared hub context: real events from the invoices module, the real outbox, the real route
 * webhooks.deliver, and a real HTTP receiver on 127.0.0.1 that checks every request with the Standard Webhooks
 * reference verifier. Uses the configured retry schedule (first retry after 5 s ± 20 %).
 */
class WebhooksIntegrationTest extends HubTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpServer receiver;
    private static ExecutorService receiverThreads;
    private static String base;
    /** Path -> the subscription's secret, registered before any event can reach the path. */
    private static final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** Path -> statuses to answer, in order; 200 once exhausted. */
    private static final Map<String, Queue<Integer>> scripts = new ConcurrentHashMap<>();
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String path, String messageId, String payload, JsonNode json, String verificationError,
                    Map<String, List<String>> headers) {

        /** The signatures of the {@code webhook-signature} header (header names as the server spells them). */
        String[] signatures() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("webhook-signature"))
                    .map(e -> e.getValue().get(0).split(" ")).findFirst().orElseThrow();
        }

        /** Null when a receiver holding only {@code secret} accepts the delivery, else why not. */
        String verifiedWith(String secret) {
            try {
                new Webhook(secret).verify(payload, new HashMap<>(headers));
                return null;
            } catch (Exception e) {
                return e.toString();
            }
        }
    }

    @Autowired
    WebhookSubscriptions subscriptions;
    @Autowired
    Receivables receivables;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Clock clock;
    @Autowired
    CamelContext camel;

    private final List<UUID> created = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", ex -> {
            try {
                String path = ex.getRequestURI().getPath();
                String payload = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>(ex.getRequestHeaders());
                String error = null;
                String secret = secrets.get(path);
                try {
                    if (secret == null) {
                        throw new IllegalStateException("no subscription for " + path);
                    }
                    new Webhook(secret).verify(payload, headers);
                } catch (Exception e) {
                    error = e.toString();
                }
                JsonNode json = null;
                try {
                    json = JSON.readTree(payload);
                } catch (IOException e) {
                    error = error == null ? "not JSON: " + e.getMessage() : error;
                }
                received.add(new Received(path, ex.getRequestHeaders().getFirst("webhook-id"), payload, json, error, headers));
                Queue<Integer> script = scripts.get(path);
                Integer scripted = script == null ? null : script.poll();
                int status = scripted == null ? 200 : scripted;
                byte[] body = (status == 200 ? "{\"ok\":true}" : "no").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                ex.close();
            }
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    @BeforeEach
    void deliveryRouteIsRunning() {
        assertThat(camel.getRoute("webhooks.deliver")).isNotNull();
    }

    /** The context is shared with other test classes: leave no subscription behind. */
    @AfterEach
    void deleteSubscriptions() {
        created.forEach(subscriptions::delete);
    }

    // --- scenarios -------------------------------------------------------------------------------------------

    @Test
    void paidInvoiceIsDeliveredOnceSignedWithItsDataAndOnlyToItsSubscribers() {
        String paidPath = path("paid");
        String partialPath = path("partial-only");
        WebhookSubscriptionView paidSub = subscribe(paidPath, "invoice.paid");
        WebhookSubscriptionView partialSub = subscribe(partialPath, "invoice.partially_paid");
        CustomerRef customer = customer();
        InvoiceView invoice = invoice(customer, "1234.50");

        pay(invoice, "1234.50");

        await().atMost(PATIENCE).until(() -> receivedFor(paidPath, invoice).size() == 1);
        Received r = receivedFor(paidPath, invoice).get(0);
        assertThat(r.verificationError()).isNull();
        assertThat(r.messageId()).matches("msg_[0-9a-f]{32}");
        assertThat(r.json().get("type").asText()).isEqualTo("invoice.paid");
        assertThat(Instant.parse(r.json().get("timestamp").asText())).isBefore(clock.instant().plusSeconds(1));
        JsonNode data = r.json().get("data");
        assertThat(data.get("invoiceNumber").asText()).isEqualTo(invoice.number().value());
        assertThat(data.get("customerId").asText()).isEqualTo(customer.value());
        assertThat(data.get("amount").asText()).isEqualTo("1234.50");
        assertThat(data.get("currency").asText()).isEqualTo("EUR");
        assertThat(data.get("paidOn").asText()).isEqualTo(LocalDate.now(clock).toString());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(subscriptions.deliveries(paidSub.id(), 10))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
                    assertThat(d.messageId()).isEqualTo(r.messageId());
                    assertThat(d.eventType()).isEqualTo("invoice.paid");
                    assertThat(d.attempts()).isEqualTo(1);
                    assertThat(d.lastStatus()).isEqualTo(200);
                    assertThat(d.deliveredAt()).isNotNull();
                    assertThat(d.nextAttemptAt()).isNull();
                }));
        // exactly one, also a few polls later
        await().during(Duration.ofSeconds(5)).atMost(PATIENCE)
                .until(() -> receivedFor(paidPath, invoice).size() == 1);
        assertThat(subscriptions.deliveries(partialSub.id(), 10)).isEmpty();
        assertThat(received).noneMatch(x -> x.path().equals(partialPath));
    }

    @Test
    void anEventHandledTwiceIsDeliveredOnce() {
        String dupPath = path("dup");
        WebhookSubscriptionView sub = subscribe(dupPath, "invoice.paid");
        InvoicePaid event = new InvoicePaid(new InvoiceId(UUID.randomUUID()), new InvoiceNumber("WH-DUP-" + shortId()),
                new CustomerId(UUID.randomUUID()), new CustomerRef("WH-C-" + shortId()), Money.of("10.00", "EUR"),
                LocalDate.now(clock), clock.instant());

        // the outbox re-handles an event after a crash: here, the same event published twice
        tx.executeWithoutResult(s -> events.publishEvent(event));
        tx.executeWithoutResult(s -> events.publishEvent(event));

        await().atMost(PATIENCE).until(() -> received.stream().anyMatch(x -> x.path().equals(dupPath)));
        await().during(Duration.ofSeconds(5)).atMost(PATIENCE)
                .until(() -> received.stream().filter(x -> x.path().equals(dupPath)).count() == 1);
        assertThat(subscriptions.deliveries(sub.id(), 10)).hasSize(1);
    }

    @Test
    void paymentsAppliedTogetherAreDeliveredAsEachAloneWouldBeAndOnceWhenTheBatchIsHandledTwice() {
        String paidPath = path("batch-paid");
        String partialPath = path("batch-partial");
        WebhookSubscriptionView paidSub = subscribe(paidPath, "invoice.paid");
        WebhookSubscriptionView partialSub = subscribe(partialPath, "invoice.partially_paid");
        CustomerRef customer = customer();
        InvoiceView settled = invoice(customer, "100.00");
        InvoiceView reduced = invoice(customer, "300.00");
        LocalDate today = LocalDate.now(clock);
        List<PaymentToApply> payments = List.of(new PaymentToApply(settled.id(), Money.of("100.00", "EUR"), today),
                new PaymentToApply(reduced.id(), Money.of("120.00", "EUR"), today),
                new PaymentToApply(reduced.id(), Money.of("30.00", "EUR"), today));

        List<PaymentApplication> applied = tx.execute(s -> receivables.applyPayments(payments));

        assertThat(applied).extracting(a -> a.applied().amount().toPlainString()).containsExactly("100.00", "120.00", "30.00");
        assertThat(applied.get(2).invoice().openAmount()).isEqualTo(Money.of("150.00", "EUR"));
        await().atMost(PATIENCE).until(() -> receivedFor(paidPath, settled).size() == 1
                && receivedFor(partialPath, reduced).size() == 2);
        JsonNode paid = receivedFor(paidPath, settled).get(0).json();
        assertThat(receivedFor(paidPath, settled).get(0).verificationError()).isNull();
        assertThat(paid.get("type").asText()).isEqualTo("invoice.paid");
        assertThat(paid.get("data").get("amount").asText()).isEqualTo("100.00");
        assertThat(receivedFor(partialPath, reduced)).extracting(r -> r.json().get("data").get("openAmount").asText())
                .containsExactlyInAnyOrder("180.00", "150.00");
        assertThat(receivedFor(partialPath, reduced)).allSatisfy(r -> {
            assertThat(r.verificationError()).isNull();
            assertThat(r.json().get("type").asText()).isEqualTo("invoice.partially_paid");
        });
        assertThat(receivedFor(paidPath, reduced)).isEmpty();
        assertThat(receivedFor(partialPath, settled)).isEmpty();

        // the outbox re-handles the batch after a crash: the same event again queues nothing new
        InvoicePaymentsApplied again = new InvoicePaymentsApplied(
                List.of(new InvoicePaid(settled.id(), settled.number(), settled.customerId(), customer, settled.amount(), today,
                        Instant.parse(paid.get("timestamp").asText()))), List.of(), List.of());
        tx.executeWithoutResult(s -> events.publishEvent(again));
        await().during(Duration.ofSeconds(5)).atMost(PATIENCE).until(() -> receivedFor(paidPath, settled).size() == 1);
        assertThat(subscriptions.deliveries(paidSub.id(), 10)).hasSize(1);
        assertThat(subscriptions.deliveries(partialSub.id(), 10)).hasSize(2);
    }

    @Test
    void paymentUnmatchedIsDelivered() {
        String unmatchedPath = path("unmatched");
        subscribe(unmatchedPath, "payment.unmatched");
        BankTransactionId txn = new BankTransactionId(UUID.randomUUID());

        tx.executeWithoutResult(s -> events.publishEvent(new PaymentUnmatched(txn, Money.of("99.90", "EUR"),
                LocalDate.now(clock), "Dupont & Fils", null, "Facture \"F-1\" réglée", "No invoice named", clock.instant())));

        await().atMost(PATIENCE).until(() -> received.stream().anyMatch(x -> x.path().equals(unmatchedPath)));
        Received r = received.stream().filter(x -> x.path().equals(unmatchedPath)).findFirst().orElseThrow();
        assertThat(r.verificationError()).isNull();
        assertThat(r.json().get("type").asText()).isEqualTo("payment.unmatched");
        JsonNode data = r.json().get("data");
        assertThat(data.get("bankTransactionId").asText()).isEqualTo(txn.value().toString());
        assertThat(data.get("amount").asText()).isEqualTo("99.90");
        assertThat(data.get("counterpartyName").asText()).isEqualTo("Dupont & Fils");
        assertThat(data.get("counterpartyIban").isNull()).isTrue();
        assertThat(data.get("remittance").asText()).isEqualTo("Facture \"F-1\" réglée");
        assertThat(data.get("reason").asText()).isEqualTo("No invoice named");
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneUntilItsGraceEndsAndARevokedOneAtOnceStops() throws Exception {
        String rotPath = path("rotation");
        WebhookSubscriptionView sub = subscribe(rotPath, "payment.unmatched");
        String first = secrets.get(rotPath);
        String base = "/api/v1/webhook-subscriptions/" + sub.id() + "/secret-rotations";

        // rotation with the default grace (24 h): deliveries carry two signatures, each receiver's secret verifies
        ApiClient.Response rotated = api("POST", base, null);
        assertThat(rotated.status()).isEqualTo(201);
        String second = JSON.readTree(rotated.body()).get("secret").asText();
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        assertThat(Instant.parse(JSON.readTree(rotated.body()).get("previousSecretValidUntil").asText()))
                .isAfter(clock.instant().plus(Duration.ofHours(23)));
        secrets.put(rotPath, second);
        Received during = unmatchedDeliveredTo(rotPath, "rot-1");
        assertThat(during.verificationError()).isNull();
        assertThat(during.verifiedWith(first)).isNull();
        assertThat(during.signatures()).hasSize(2);

        // a leaked secret: rotate with no grace, the previous one (second) stops at once
        ApiClient.Response revoked = api("POST", base, Map.of("gracePeriodSeconds", 0));
        assertThat(revoked.status()).isEqualTo(201);
        assertThat(JSON.readTree(revoked.body()).has("previousSecretValidUntil")).isFalse();
        String third = JSON.readTree(revoked.body()).get("secret").asText();
        secrets.put(rotPath, third);
        Received after = unmatchedDeliveredTo(rotPath, "rot-2");
        assertThat(after.verificationError()).isNull();
        assertThat(after.verifiedWith(second)).isNotNull();
        assertThat(after.verifiedWith(first)).isNotNull();
        assertThat(after.signatures()).hasSize(1);

        // bad grace, unknown subscription
        assertThat(invalidRequest("POST", base, Map.of("gracePeriodSeconds", -1)).status()).isEqualTo(422);
        assertThat(api("POST", "/api/v1/webhook-subscriptions/" + UUID.randomUUID() + "/secret-rotations", null).status())
                .isEqualTo(404);
    }

    private Received unmatchedDeliveredTo(String path, String marker) {
        String remittance = "Rotation " + marker + " " + shortId();
        tx.executeWithoutResult(s -> events.publishEvent(new PaymentUnmatched(new BankTransactionId(UUID.randomUUID()),
                Money.of("12.34", "EUR"), LocalDate.now(clock), "Rotation SA", null, remittance, "No invoice named",
                clock.instant())));
        return await().atMost(PATIENCE).until(() -> received.stream()
                .filter(x -> x.path().equals(path) && x.payload().contains(remittance)).findFirst().orElse(null), x -> x != null);
    }

    @Test
    void unmatchedPaymentsOfAChunkAreDeliveredOneByOne() {
        String unmatchedPath = path("unmatched-batch");
        WebhookSubscriptionView sub = subscribe(unmatchedPath, "payment.unmatched");
        BankTransactionId first = new BankTransactionId(UUID.randomUUID());
        BankTransactionId second = new BankTransactionId(UUID.randomUUID());
        io.encaisse.reconciliation.PaymentsUnmatched batch = new io.encaisse.reconciliation.PaymentsUnmatched(List.of(
                new PaymentUnmatched(first, Money.of("10.00", "EUR"), LocalDate.now(clock), "A", null, "r1", "No invoice named",
                        clock.instant()),
                new PaymentUnmatched(second, Money.of("20.00", "EUR"), LocalDate.now(clock), "B", null, "r2", "No invoice named",
                        clock.instant())));

        tx.executeWithoutResult(s -> events.publishEvent(batch));
        tx.executeWithoutResult(s -> events.publishEvent(batch)); // re-handled: nothing new

        await().atMost(PATIENCE).until(() -> received.stream().filter(x -> x.path().equals(unmatchedPath)).count() == 2);
        assertThat(received.stream().filter(x -> x.path().equals(unmatchedPath))
                .map(x -> x.json().get("data").get("bankTransactionId").asText()))
                .containsExactlyInAnyOrder(first.value().toString(), second.value().toString());
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                .until(() -> received.stream().filter(x -> x.path().equals(unmatchedPath)).count() == 2);
        assertThat(subscriptions.deliveries(sub.id(), 10)).hasSize(2);
    }

    @Test
    void serverErrorIsRetriedThenDeliveredAndTheApiListsTheAttempts() throws Exception {
        String flakyPath = path("flaky");
        scripts.put(flakyPath, new ConcurrentLinkedQueue<>(List.of(500)));
        WebhookSubscriptionView sub = subscribe(flakyPath, "invoice.partially_paid");
        InvoiceView invoice = invoice(customer(), "100.00");

        pay(invoice, "40.00");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(subscriptions.deliveries(sub.id(), 10))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
                    assertThat(d.attempts()).isEqualTo(2);
                    assertThat(d.lastStatus()).isEqualTo(200);
                }));
        List<Received> attempts = receivedFor(flakyPath, invoice);
        assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.verificationError()).isNull());
        assertThat(attempts.get(1).messageId()).isEqualTo(attempts.get(0).messageId());
        assertThat(attempts.get(1).payload()).isEqualTo(attempts.get(0).payload());
        JsonNode data = attempts.get(0).json().get("data");
        assertThat(attempts.get(0).json().get("type").asText()).isEqualTo("invoice.partially_paid");
        assertThat(data.get("amount").asText()).isEqualTo("100.00");
        assertThat(data.get("openAmount").asText()).isEqualTo("60.00");

        ApiClient.Response response = api("GET", "/api/v1/webhook-subscriptions/" + sub.id() + "/deliveries", null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode items = JSON.readTree(response.body()).get("items");
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.get("deliveryId").asText()).isEqualTo(attempts.get(0).messageId());
        assertThat(item.get("eventType").asText()).isEqualTo("invoice.partially_paid");
        assertThat(item.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(item.get("attempts").asInt()).isEqualTo(2);
        assertThat(item.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(item.has("deliveredAt")).isTrue();
        assertThat(item.has("createdAt")).isTrue();
        assertThat(item.has("nextAttemptAt")).isFalse();
    }

    @Test
    void goneDisablesTheSubscriptionAndStopsItsDeliveries() {
        String gonePath = path("gone");
        String controlPath = path("control");
        scripts.put(gonePath, new ConcurrentLinkedQueue<>(List.of(410, 410, 410)));
        WebhookSubscriptionView gone = subscribe(gonePath, "invoice.paid");
        CustomerRef customer = customer();
        InvoiceView first = invoice(customer, "10.00");

        pay(first, "10.00");

        await().atMost(PATIENCE).until(() -> !subscriptions.get(gone.id()).orElseThrow().enabled());
        WebhookSubscriptionView disabled = subscriptions.get(gone.id()).orElseThrow();
        assertThat(disabled.disabledReason()).contains("410");
        assertThat(subscriptions.deliveries(gone.id(), 10)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatus()).isEqualTo(410);
            assertThat(d.nextAttemptAt()).isNull();
        });

        // a later event reaches the other subscribers, never the disabled one
        subscribe(controlPath, "invoice.paid");
        InvoiceView second = invoice(customer, "20.00");
        pay(second, "20.00");
        await().atMost(PATIENCE).until(() -> receivedFor(controlPath, second).size() == 1);
        assertThat(receivedFor(gonePath, second)).isEmpty();
        assertThat(subscriptions.deliveries(gone.id(), 10)).hasSize(1);
    }

    @Test
    void subscriptionsApi() throws Exception {
        String apiPath = path("api");
        String url = base + apiPath;

        assertThat(api().withKey(null, "GET", "/api/v1/webhook-subscriptions").status()).isEqualTo(401);

        ApiClient.Response metadata = api("POST", "/api/v1/webhook-subscriptions",
                Map.of("url", "http://169.254.169.254/latest/meta-data/", "eventTypes", List.of("invoice.paid")));
        assertThat(metadata.status()).isEqualTo(422);
        assertThat(metadata.header("content-type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(metadata.body()).get("detail").asText()).contains("metadata");

        ApiClient.Response ftp = api("POST", "/api/v1/webhook-subscriptions",
                Map.of("url", "ftp://example.com/hook", "eventTypes", List.of("invoice.paid")));
        assertThat(ftp.status()).isEqualTo(422);

        ApiClient.Response unknownType = invalidRequest("POST", "/api/v1/webhook-subscriptions",
                Map.of("url", url, "eventTypes", List.of("invoice.paid", "invoice.eaten")));
        assertThat(unknownType.status()).isEqualTo(422);
        assertThat(JSON.readTree(unknownType.body()).get("detail").asText()).contains("invoice.eaten");

        ApiClient.Response noTypes = invalidRequest("POST", "/api/v1/webhook-subscriptions", Map.of("url", url, "eventTypes", List.of()));
        assertThat(noTypes.status()).isEqualTo(400);
        assertThat(JSON.readTree(noTypes.body()).get("errors").toString()).contains("eventTypes");

        ApiClient.Response create = api("POST", "/api/v1/webhook-subscriptions",
                Map.of("url", url, "eventTypes", List.of("payment.unmatched", "invoice.paid"), "description", "ERP sync"));
        assertThat(create.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(create.body());
        String id = body.get("subscriptionId").asText();
        created.add(UUID.fromString(id));
        assertThat(create.header("location")).isEqualTo("/api/v1/webhook-subscriptions/" + id);
        assertThat(body.get("url").asText()).isEqualTo(url);
        assertThat(body.get("eventTypes").toString()).isEqualTo("[\"payment.unmatched\",\"invoice.paid\"]");
        assertThat(body.get("description").asText()).isEqualTo("ERP sync");
        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("secret").asText()).startsWith("whsec_");
        assertThat(body.has("createdAt")).isTrue();

        JsonNode one = JSON.readTree(api("GET", "/api/v1/webhook-subscriptions/" + id, null).body());
        assertThat(one.get("subscriptionId").asText()).isEqualTo(id);
        assertThat(one.has("secret")).isFalse();

        JsonNode list = JSON.readTree(api("GET", "/api/v1/webhook-subscriptions", null).body()).get("items");
        assertThat(list.findValuesAsText("subscriptionId")).contains(id);
        assertThat(list.findValues("secret")).isEmpty();

        ApiClient.Response deliveries = api("GET", "/api/v1/webhook-subscriptions/" + id + "/deliveries", null);
        assertThat(deliveries.status()).isEqualTo(200);
        assertThat(JSON.readTree(deliveries.body()).get("items")).isEmpty();

        assertThat(api("DELETE", "/api/v1/webhook-subscriptions/" + id, null).status()).isEqualTo(204);
        ApiClient.Response afterDelete = api("GET", "/api/v1/webhook-subscriptions/" + id, null);
        assertThat(afterDelete.status()).isEqualTo(404);
        assertThat(JSON.readTree(afterDelete.body()).get("type").asText()).isEqualTo("https://encaisse.io/problems/not-found");
        assertThat(api("DELETE", "/api/v1/webhook-subscriptions/" + id, null).status()).isEqualTo(404);
        assertThat(JSON.readTree(api("GET", "/api/v1/webhook-subscriptions", null).body()).get("items")
                .findValuesAsText("subscriptionId")).doesNotContain(id);
        assertThat(invalidRequest("GET", "/api/v1/webhook-subscriptions/not-a-uuid", null).status()).isEqualTo(404);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String path(String name) {
        return "/hooks/" + name + "-" + shortId();
    }

    private WebhookSubscriptionView subscribe(String path, String... types) {
        NewWebhookSubscription s = subscriptions.create(base + path, List.of(types), "test " + path);
        secrets.put(path, s.secret());
        created.add(s.subscription().id());
        assertThat(s.subscription().enabled()).isTrue();
        assertThat(s.secret()).startsWith("whsec_");
        return s.subscription();
    }

    private CustomerRef customer() {
        CustomerRef ref = new CustomerRef("WH-C-" + shortId());
        receivables.upsertCustomer(ref, new CustomerData("Webhook Test SARL", "ap@example.com", "fr", "EUR", List.of(), null,
                null));
        return ref;
    }

    private InvoiceView invoice(CustomerRef customer, String amount) {
        LocalDate today = LocalDate.now(clock);
        return receivables.upsertInvoice(new InvoiceNumber("WH-" + shortId()), new InvoiceData(customer, today.minusDays(10),
                today.plusDays(20), Money.of(amount, "EUR"), null, false, null)).value();
    }

    private void pay(InvoiceView invoice, String amount) {
        tx.executeWithoutResult(s -> receivables.applyPayment(invoice.id(), Money.of(amount, "EUR"), LocalDate.now(clock)));
    }

    private static List<Received> receivedFor(String path, InvoiceView invoice) {
        return received.stream()
                .filter(r -> r.path().equals(path) && r.json() != null
                        && invoice.number().value().equals(r.json().path("data").path("invoiceNumber").asText()))
                .toList();
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Through ApiClient, so these calls are checked against openapi/encaisse.yaml too. */
    private ApiClient.Response api(String method, String path, Object body) {
        return api().call(method, path, body, true);
    }

    private ApiClient.Response invalidRequest(String method, String path, Object body) {
        return api().call(method, path, body, false);
    }
}
