package io.encaisse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Authentication and RFC 9457 errors at the API edge. */
class ApiEdgeTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyCallNeedsAKnownKey() {
        ApiClient api = api();
        ApiClient.Response none = api.withKey(null, "GET", "/api/v1/bank-statements");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api.withKey("not-a-key", "GET", "/api/v1/customers/C-1").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/bank-statements").status()).isEqualTo(200);
    }

    @Test
    void keysAreStoredHashedOnly() {
        assertThat(jdbc.queryForList("select key_hash from api_key", String.class))
                .isNotEmpty()
                .doesNotContain(API_KEY)
                .contains(io.encaisse.shared.Hashes.sha256Hex(API_KEY));
    }

    @Test
    void errorsAreProblemDetails() {
        ApiClient api = api();
        ApiClient.Response missing = api.get("/api/v1/invoices/NOPE-404");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("type").asText()).endsWith("/not-found");

        ApiClient.Response invalid = api.putInvalid("/api/v1/customers/C-BAD", Map.of("currency", "euro"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).contains("name", "currency");

        ApiClient.Response unknownCustomer = api.put("/api/v1/invoices/INV-ORPHAN-1", Map.of("customerId", "C-NEVER-SENT",
                "issueDate", "2026-10-01", "dueDate", "2026-10-31", "currency", "EUR", "amount", "10.00"));
        assertThat(unknownCustomer.status()).isEqualTo(422);
        assertThat(unknownCustomer.json().get("detail").asText()).contains("C-NEVER-SENT");

        api.put("/api/v1/customers/C-EDGE", Map.of("name", "Edge", "currency", "EUR"));
        ApiClient.Response dueBeforeIssue = api.put("/api/v1/invoices/INV-EDGE-1", Map.of("customerId", "C-EDGE",
                "issueDate", "2026-10-31", "dueDate", "2026-10-01", "currency", "EUR", "amount", "10.00"));
        assertThat(dueBeforeIssue.status()).isEqualTo(422);
        ApiClient.Response tooManyDecimals = api.put("/api/v1/invoices/INV-EDGE-2", Map.of("customerId", "C-EDGE",
                "issueDate", "2026-10-01", "dueDate", "2026-10-31", "currency", "JPY", "amount", "10.50"));
        assertThat(tooManyDecimals.status()).isEqualTo(422);
        assertThat(tooManyDecimals.json().get("detail").asText()).contains("JPY");
    }
}
