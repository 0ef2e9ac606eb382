package io.encaisse.invoices.internal.erp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.PaymentApplicationStatus;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.shared.Money;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic REST connector against a real HTTP receiver that answers what the test queues. */
class RestPaymentConnectorTest {

    record Received(String method, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    record Answer(int status, String body) {
    }

    final ObjectMapper json = new ObjectMapper();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Deque<Answer> answers = new ArrayDeque<>();
    HttpServer server;
    RestPaymentConnector connector;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/payments", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()),
                        json.readTree(exchange.getRequestBody())));
                Answer a;
                synchronized (answers) {
                    a = answers.isEmpty() ? new Answer(201, "{\"id\":\"PAY-1\"}") : answers.poll();
                }
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
        connector = connector("http://127.0.0.1:" + server.getAddress().getPort() + "/payments");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static RestPaymentConnector connector(String url) throws IOException {
        return new RestPaymentConnector(new ErpProperties.RestOut(url, "Authorization", "Bearer erp-secret",
                "rest-payment-application.jsonata", Duration.ofSeconds(5)),
                Files.readString(Path.of("mappings", "rest-payment-application.jsonata")));
    }

    static PaymentApplicationView application(String direction, String erpId) {
        return new PaymentApplicationView(UUID.randomUUID(), UUID.fromString("5d2c9a8e-3f4b-4c1d-8e7a-6b5a4c3d2e1f"), direction,
                "rest", new InvoiceNumber("INV-7"), new CustomerRef("C-1"), Money.of("1200.10", "EUR"), LocalDate.of(2026, 11, 3),
                "bank transaction 1", PaymentApplicationStatus.PENDING, 0, null, null, erpId, Instant.EPOCH, Instant.EPOCH, null);
    }

    @Test
    void postsTheMappedBodyWithTheAllocationAsIdempotencyKey() {
        assertThat(connector.apply(application("APPLY", null))).isEqualTo(new ConnectorResult.Sent("PAY-1"));
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Idempotency-Key")).isEqualTo("5d2c9a8e-3f4b-4c1d-8e7a-6b5a4c3d2e1f");
        assertThat(r.header("Authorization")).isEqualTo("Bearer erp-secret");
        assertThat(r.body().get("type").asText()).isEqualTo("payment");
        assertThat(r.body().get("amount").asText()).as("an exact string, never a double").isEqualTo("1200.10");
        assertThat(r.body().get("invoice").asText()).isEqualTo("INV-7");
        assertThat(r.body().has("reverses")).isFalse();

        assertThat(connector.reverse(application("REVERSE", null), application("APPLY", "PAY-1")))
                .isInstanceOf(ConnectorResult.Sent.class);
        Received rev = received.get(1);
        assertThat(rev.header("Idempotency-Key")).isEqualTo("5d2c9a8e-3f4b-4c1d-8e7a-6b5a4c3d2e1f:REVERSE");
        assertThat(rev.body().get("type").asText()).isEqualTo("payment.reversal");
        assertThat(rev.body().get("reverses").asText()).isEqualTo("PAY-1");
    }

    @Test
    void classifiesTheAnswers() throws IOException {
        answers.add(new Answer(409, "{\"error\":\"duplicate\"}"));
        answers.add(new Answer(422, "{\"error\":\"invoice INV-7 is closed\"}"));
        answers.add(new Answer(503, ""));
        answers.add(new Answer(429, ""));
        answers.add(new Answer(200, ""));
        assertThat(connector.apply(application("APPLY", null))).as("409: already booked").isInstanceOf(ConnectorResult.Sent.class);
        ConnectorResult refused = connector.apply(application("APPLY", null));
        assertThat(refused).isInstanceOf(ConnectorResult.Refused.class);
        assertThat(((ConnectorResult.Refused) refused).reason()).contains("422").contains("invoice INV-7 is closed");
        assertThat(connector.apply(application("APPLY", null))).isInstanceOf(ConnectorResult.Unavailable.class);
        assertThat(connector.apply(application("APPLY", null))).isInstanceOf(ConnectorResult.Unavailable.class);
        assertThat(connector.apply(application("APPLY", null))).isEqualTo(new ConnectorResult.Sent(null));
        // nobody listening: unavailable, retried
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThat(connector("http://127.0.0.1:" + port + "/payments").apply(application("APPLY", null)))
                .isInstanceOf(ConnectorResult.Unavailable.class);
    }
}
