package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.encaisse.webhooks.internal.delivery.DeliveryOutcome.Delivered;
import io.encaisse.webhooks.internal.delivery.DeliveryOutcome.Failed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP receiver on 127.0.0.1 that verifies every request with the reference library. */
class WebhookHttpSenderTest {

    private static final WebhookSecret SECRET = WebhookSecret.generate();
    private static final WebhookSecret OLD_SECRET = WebhookSecret.generate(24);
    private static final byte[] BODY =
            "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-23T00:00:00Z\",\"data\":{\"id\":\"inv_42\",\"memo\":\"r\u00e9gl\u00e9\"}}"
                    .getBytes(StandardCharsets.UTF_8);

    /** Loopback must be explicitly allowed: the guard blocks it by default. */
    private static final EndpointGuard LOCAL_GUARD = EndpointGuard.of("127.0.0.0/8", false);

    private static HttpServer server;
    private static ExecutorService serverThreads;
    private static String base;

    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** One entry per request that reached a scenario handler: null when verification passed, else the error. */
    private static final ConcurrentLinkedQueue<String> verificationErrors = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Map<String, String>> seenHeaders = new ConcurrentLinkedQueue<>();

    private final WebhookHttpSender sender = new WebhookHttpSender(LOCAL_GUARD);

    @BeforeAll
    static void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        route("/ok", ex -> respond(ex, 200, Map.of(), "{\"received\":true}"));
        route("/no-content", ex -> respond(ex, 204, Map.of(), null));
        route("/boom", ex -> respond(ex, 500, Map.of(), "database on fire"));
        route("/big-error", ex -> respond(ex, 500, Map.of(), "x".repeat(100_000)));
        route("/gone", ex -> respond(ex, 410, Map.of(), "endpoint removed"));
        route("/redirect", ex -> respond(ex, 302, Map.of("Location", base + "/target"), ""));
        route("/target", ex -> respond(ex, 200, Map.of(), "should never be reached"));
        route("/throttle", ex -> respond(ex, 429, Map.of("Retry-After", "7"), "slow down"));
        route("/unavailable", ex -> respond(ex, 503, Map.of("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 11, 23, 12, 2, 0, 0, ZoneOffset.UTC))), ""));
        route("/drip-ok", ex -> drip(ex, 200));
        route("/drip-error", ex -> drip(ex, 500));
        route("/slow", ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, Map.of(), "too late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopReceiver() throws InterruptedException {
        server.stop(0);
        serverThreads.shutdownNow();
        serverThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void everyRequestVerifiedWithTheReferenceLibrary() {
        assertThat(verificationErrors).isEmpty();
    }

    @BeforeEach
    void reset() {
        hits.clear();
        verificationErrors.clear();
        seenHeaders.clear();
    }

    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private static void route(String path, Handler handler) {
        server.createContext(path, ex -> {
            try {
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                String payload = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>(ex.getRequestHeaders());
                Map<String, String> flat = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> flat.put(k.toLowerCase(), String.join(",", v)));
                seenHeaders.add(flat);
                try {
                    // the receiver knows only the OLD secret in rotation scenarios; it tries both
                    verifyWithEither(payload, headers);
                } catch (Exception e) {
                    verificationErrors.add(path + ": " + e.getMessage());
                }
                handler.handle(ex);
            } finally {
                ex.close();
            }
        });
    }

    private static void verifyWithEither(String payload, Map<String, List<String>> headers) throws Exception {
        try {
            new Webhook(SECRET.value()).verify(payload, headers);
        } catch (Exception first) {
            new Webhook(OLD_SECRET.value()).verify(payload, headers);
        }
    }

    /** Sends the headers, then one byte every 100 ms for up to 30 s. */
    private static void drip(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, 0); // chunked
        OutputStream out = ex.getResponseBody();
        try {
            for (int i = 0; i < 300; i++) {
                out.write('.');
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private DeliveryOutcome send(WebhookHttpSender s, String path, List<WebhookSecret> secrets) {
        return s.send(URI.create(base + path), "msg_2Tq7xYk", Instant.now(), BODY, secrets);
    }

    private DeliveryOutcome send(String path) {
        return send(sender, path, List.of(SECRET));
    }

    private static int hitCount(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Test
    void twoHundredIsDeliveredAndTheRequestVerifies() {
        DeliveryOutcome outcome = send("/ok");

        assertThat(outcome).isInstanceOf(Delivered.class);
        Delivered d = (Delivered) outcome;
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.took()).isPositive();
        assertThat(hitCount("/ok")).isEqualTo(1);
        assertThat(verificationErrors).isEmpty();
        Map<String, String> h = seenHeaders.peek();
        assertThat(h).containsEntry("content-type", "application/json")
                .containsEntry("user-agent", "Encaisse-Webhooks/1")
                .containsEntry("webhook-id", "msg_2Tq7xYk")
                .containsKey("webhook-timestamp")
                .containsKey("webhook-signature");
    }

    @Test
    void timestampHeaderIsTheAttemptTimeInUnixSeconds() {
        Instant attempt = Instant.now().minusSeconds(30).plusMillis(999);
        DeliveryOutcome outcome = sender.send(URI.create(base + "/ok"), "msg_ts", attempt, BODY, List.of(SECRET));
        assertThat(outcome).isInstanceOf(Delivered.class);
        assertThat(seenHeaders.peek()).containsEntry("webhook-timestamp", Long.toString(attempt.getEpochSecond()));
        assertThat(verificationErrors).isEmpty();
    }

    @Test
    void noContentIsDelivered() {
        assertThat(send("/no-content")).isInstanceOf(Delivered.class)
                .extracting(o -> ((Delivered) o).status()).isEqualTo(204);
    }

    @Test
    void rotationSendsBothSignaturesAndAReceiverWithTheOldSecretAccepts() {
        DeliveryOutcome outcome = send(sender, "/ok", List.of(SECRET, OLD_SECRET));
        assertThat(outcome).isInstanceOf(Delivered.class);
        assertThat(seenHeaders.peek().get("webhook-signature").split(" ")).hasSize(2);
        assertThat(verificationErrors).isEmpty();
    }

    @Test
    void serverErrorIsRetryableWithTheBodyInTheReason() {
        Failed f = (Failed) send("/boom");
        assertThat(f.status()).isEqualTo(500);
        assertThat(f.retryable()).isTrue();
        assertThat(f.disableEndpoint()).isFalse();
        assertThat(f.reason()).isEqualTo("HTTP 500: database on fire");
        assertThat(verificationErrors).isEmpty();
    }

    @Test
    void responseBodyIsCappedAtTwentyThousandBytes() {
        Failed f = (Failed) send("/big-error");
        assertThat(f.status()).isEqualTo(500);
        assertThat(f.reason()).isEqualTo("HTTP 500: " + "x".repeat(20_000));
    }

    @Test
    void goneDisablesTheEndpoint() {
        Failed f = (Failed) send("/gone");
        assertThat(f.status()).isEqualTo(410);
        assertThat(f.retryable()).isFalse();
        assertThat(f.disableEndpoint()).isTrue();
    }

    @Test
    void redirectIsAFailureAndIsNeverFollowed() {
        Failed f = (Failed) send("/redirect");
        assertThat(f.status()).isEqualTo(302);
        assertThat(f.retryable()).isTrue();
        assertThat(f.reason()).contains("redirect not followed").contains(base + "/target");
        assertThat(hitCount("/redirect")).isEqualTo(1);
        assertThat(hitCount("/target")).isZero();
    }

    @Test
    void tooManyRequestsCarriesTheRetryAfterHint() {
        Failed f = (Failed) send("/throttle");
        assertThat(f.status()).isEqualTo(429);
        assertThat(f.retryable()).isTrue();
        assertThat(f.retryAfterHint()).isEqualTo(Duration.ofSeconds(7));
        // and the schedule honours it: 7 s is inside [5 s, 10 s] after the first failure
        Instant failedAt = Instant.parse("2026-11-23T00:00:00Z");
        assertThat(RetrySchedule.standard().nextAttemptAfter(1, failedAt, f.retryAfterHint()))
                .contains(failedAt.plusSeconds(7));
    }

    @Test
    void retryAfterAsHttpDateIsRelativeToTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        WebhookHttpSender s = new WebhookHttpSender(LOCAL_GUARD, Duration.ofSeconds(15), clock);
        Failed f = (Failed) send(s, "/unavailable", List.of(SECRET));
        assertThat(f.status()).isEqualTo(503);
        assertThat(f.retryAfterHint()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void slowReceiverTimesOutAsARetryableFailure() {
        WebhookHttpSender impatient = new WebhookHttpSender(LOCAL_GUARD, Duration.ofMillis(500));
        long start = System.nanoTime();
        Failed f = (Failed) send(impatient, "/slow", List.of(SECRET));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(f.status()).isNull();
        assertThat(f.retryable()).isTrue();
        assertThat(f.reason()).containsIgnoringCase("timed out");
        assertThat(elapsedMs).isLessThan(2_500);
    }

    @Test
    void closedPortIsANetworkFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Failed f = (Failed) sender.send(URI.create("http://127.0.0.1:" + port + "/hook"), "msg_1", Instant.now(), BODY,
                List.of(SECRET));
        assertThat(f.status()).isNull();
        assertThat(f.retryable()).isTrue();
        assertThat(f.disableEndpoint()).isFalse();
        assertThat(f.reason()).startsWith("Connection failed");
    }

    @Test
    void theGuardRunsBeforeEverySendAndNothingIsSent() {
        WebhookHttpSender defaultGuard = new WebhookHttpSender(new EndpointGuard(List.of(), false));
        Failed f = (Failed) send(defaultGuard, "/ok", List.of(SECRET));
        assertThat(f.status()).isNull();
        assertThat(f.retryable()).isFalse();
        assertThat(f.reason()).contains("SSRF").contains("loopback");
        assertThat(hitCount("/ok")).isZero();

        WebhookHttpSender httpsOnly = new WebhookHttpSender(EndpointGuard.of("127.0.0.0/8", true));
        assertThat(((Failed) send(httpsOnly, "/ok", List.of(SECRET))).reason()).contains("https");
        assertThat(hitCount("/ok")).isZero();
    }

    @Test
    void receiverDetectsAWrongSecret() {
        // negative control for the receiver's verification: a secret it does not know
        send(sender, "/ok", List.of(WebhookSecret.generate()));
        assertThat(verificationErrors).hasSize(1).first().asString().contains("No matching signature");
        verificationErrors.clear();
    }

    @Test
    void trickledSuccessBodyDoesNotHoldTheSender() {
        long start = System.nanoTime();
        DeliveryOutcome outcome = send("/drip-ok");
        assertThat(outcome).isInstanceOf(Delivered.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void trickledErrorBodyIsBoundedByTheOverallDeadline() {
        WebhookHttpSender impatient = new WebhookHttpSender(LOCAL_GUARD, Duration.ofMillis(500));
        long start = System.nanoTime();
        Failed f = (Failed) send(impatient, "/drip-error", List.of(SECRET));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(f.status()).isNull();
        assertThat(f.retryable()).isTrue();
        assertThat(f.reason()).startsWith("No complete response within");
        // connect timeout (5 s) + request timeout (0.5 s) + body grace (2 s)
        assertThat(elapsedMs).isBetween(7_000L, 12_000L);
    }

    @Test
    void callerBugsThrowInsteadOfBecomingOutcomes() {
        assertThatThrownBy(() -> sender.send(URI.create(base + "/ok"), "msg.1", Instant.now(), BODY, List.of(SECRET)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.send(URI.create(base + "/ok"), "msg_1", Instant.now(), BODY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hits).isEmpty();
    }
}
