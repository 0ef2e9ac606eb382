package io.encaisse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Idempotency-Key: a retried request gets the first answer, and its effect happens once. */
class IdempotencyTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRetryReplaysTheFirstAnswerAndCreatesNothingTwice() throws Exception {
        ApiClient api = api();
        String key = UUID.randomUUID().toString();
        Map<String, Object> subscription = Map.of("url", "http://127.0.0.1:9/hooks", "eventTypes", List.of("invoice.paid"),
                "description", "idempotency " + key);
        ApiClient.Response first = api.withHeaders("POST", "/api/v1/webhook-subscriptions", subscription,
                Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        ApiClient.Response retry = api.withHeaders("POST", "/api/v1/webhook-subscriptions", subscription,
                Map.of("Idempotency-Key", key));
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(jdbc.queryForObject("select count(*) from webhook_subscription where description = ?", Integer.class,
                "idempotency " + key)).isEqualTo(1);
        api.delete(first.header("Location"));
    }

    @Test
    void theSameKeyForAnotherRequestIsRefused() {
        ApiClient api = api();
        String key = UUID.randomUUID().toString();
        String customer = "C-IDEM-" + key.substring(0, 8);
        assertThat(api.withHeaders("PUT", "/api/v1/customers/" + customer, Map.of("name", "First", "currency", "EUR"),
                Map.of("Idempotency-Key", key)).status()).isEqualTo(201);
        ApiClient.Response other = api.withHeaders("PUT", "/api/v1/customers/" + customer, Map.of("name", "Second", "currency", "EUR"),
                Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(api.get("/api/v1/customers/" + customer).json().get("name").asText()).isEqualTo("First");
    }
}
