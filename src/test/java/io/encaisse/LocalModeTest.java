package io.encaisse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.encaisse.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What `./mvnw spring-boot:run` gives a newcomer: the default configuration (embedded PostgreSQL, inbox and
 * outbox folders, a generated API key), and a restart that keeps the data.
 */
class LocalModeTest {

    private final Path dataDir = Path.of("target", "test-data", "local-" + UUID.randomUUID()).toAbsolutePath();

    private ConfigurableApplicationContext start() {
        // command-line arguments, as a user would pass them (builder properties would lose to application.yml)
        return new SpringApplicationBuilder(EncaisseApplication.class).run(
                "--server.port=0",
                "--encaisse.hub.data-dir=" + dataDir,
                "--encaisse.api.bootstrap-key=",
                "--encaisse.dunning.send-every=500",
                "--encaisse.bank.max-file-size=64KB",
                "--encaisse.dunning.enabled=false");
    }

    private static ApiClient api(ConfigurableApplicationContext ctx, String key) {
        return ApiClient.create(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")), key);
    }

    @Test
    void runsOnDefaultsAndKeepsItsDataAcrossARestart() throws Exception {
        String key;
        try (ConfigurableApplicationContext hub = start()) {
            Path keyFile = dataDir.resolve("api-key.txt");
            assertThat(keyFile).exists();
            key = Files.readString(keyFile).trim();
            ApiClient api = api(hub, key);
            api.put("/api/v1/customers/C-ACME", Map.of("name", "ACME SAS", "billingEmail", "compta@acme.example",
                    "language", "fr", "currency", "EUR"));
            api.put("/api/v1/invoices/INV-2026-0001", Map.of("customerId", "C-ACME", "issueDate", "2026-10-01",
                    "dueDate", "2026-10-31", "currency", "EUR", "amount", "1200.00"));
            api.put("/api/v1/invoices/INV-2026-0003", Map.of("customerId", "C-ACME", "issueDate", "2026-09-01",
                    "dueDate", "2026-09-30", "currency", "EUR", "amount", "99.00"));

            Path inbox = dataDir.resolve("inbox");
            Files.createDirectories(inbox);
            Files.copy(Path.of("src/test/resources/quickstart/statement-camt053.xml"), inbox.resolve("statement.xml"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.get("/api/v1/invoices/INV-2026-0001").json().get("status").asText()).isEqualTo("PAID"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(dataDir.resolve("done/statement.xml")).exists();
                assertThat(inbox.resolve("statement.xml")).doesNotExist();
            });

            Files.writeString(inbox.resolve("not-a-statement.txt"), "hello");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(dataDir.resolve("error/not-a-statement.txt.reason.txt")).content().contains("Not a recognised bank statement"));

            // a file above encaisse.bank.max-file-size is refused before parsing, with the reason
            ApiClient.Response tooBig = api.postRaw("/api/v1/bank-statements?fileName=huge.xml", new byte[100 * 1024], "application/xml");
            assertThat(tooBig.status()).isEqualTo(422);
            assertThat(tooBig.json().get("detail").asText()).contains("above the limit");

            assertThat(api.post("/api/v1/dunning/runs", null).json().get("notices").asInt()).isEqualTo(1);
            Path outbox = dataDir.resolve("outbox");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(outbox) && emlCount(outbox) == 1);
            try (Stream<Path> files = Files.list(outbox)) {
                String eml = Files.readString(files.findFirst().orElseThrow());
                assertThat(eml).contains("To: compta@acme.example").contains("Subject:").contains("INV-2026-0003");
            }
        }

        try (ConfigurableApplicationContext again = start()) {
            ApiClient api = api(again, key);
            assertThat(api.get("/api/v1/invoices/INV-2026-0001").json().get("status").asText()).isEqualTo("PAID");
            assertThat(api.get("/api/v1/customers/C-ACME").json().get("position").get("outstanding").asText()).isEqualTo("99.00");
        }
    }

    private static long emlCount(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        }
    }
}
