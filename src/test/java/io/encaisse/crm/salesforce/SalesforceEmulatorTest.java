package io.encaisse.crm.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceEmulatorTest {

    private static final String V = "/services/data/v62.0";
    private static final String UPSERT = V + "/sobjects/Account/Encaisse_Customer_Id__c/";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SalesforceEmulator sf;

    @BeforeEach
    void start() {
        sf = new SalesforceEmulator().start();
    }

    @AfterEach
    void stop() {
        sf.close();
    }

    @Test
    void passwordGrantIssuesToken() throws Exception {
        HttpResponse<String> r = token(Map.of("grant_type", "password", "client_id", sf.clientId(),
                "client_secret", sf.clientSecret(), "username", sf.username(), "password", sf.password()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("access_token").asText()).isNotBlank();
        assertThat(body.get("instance_url").asText()).isEqualTo(sf.baseUrl());
        assertThat(body.get("id").asText()).isEqualTo(sf.baseUrl() + "/id/" + sf.orgId() + "/" + sf.userId());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("issued_at").asText()).matches("\\d{13}");
        assertThat(body.get("signature").asText()).isNotBlank();
        assertThat(sf.orgId()).hasSize(18).startsWith("00D");
    }

    @Test
    void clientCredentialsGrantIssuesToken() throws Exception {
        HttpResponse<String> r = token(Map.of("grant_type", "client_credentials", "client_id", sf.clientId(),
                "client_secret", sf.clientSecret()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("access_token").asText()).isNotBlank();
    }

    @Test
    void refreshTokenGrant() throws Exception {
        sf.withRefreshToken("5Aep861-refresh");
        assertThat(token(Map.of("grant_type", "refresh_token", "client_id", sf.clientId(),
                "refresh_token", "5Aep861-refresh")).statusCode()).isEqualTo(200);
        HttpResponse<String> bad = token(Map.of("grant_type", "refresh_token", "client_id", sf.clientId(),
                "refresh_token", "nope"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void tokenFailures() throws Exception {
        HttpResponse<String> badPassword = token(Map.of("grant_type", "password", "client_id", sf.clientId(),
                "client_secret", sf.clientSecret(), "username", sf.username(), "password", "wrong"));
        assertThat(badPassword.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badPassword.body()))
                .isEqualTo(json.readTree("{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}"));

        HttpResponse<String> badClient = token(Map.of("grant_type", "password", "client_id", "unknown",
                "client_secret", sf.clientSecret(), "username", sf.username(), "password", sf.password()));
        assertThat(badClient.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badClient.body()).get("error").asText()).isEqualTo("invalid_client_id");

        HttpResponse<String> badSecret = token(Map.of("grant_type", "client_credentials", "client_id", sf.clientId(),
                "client_secret", "wrong"));
        assertThat(json.readTree(badSecret.body()).get("error").asText()).isEqualTo("invalid_client");

        HttpResponse<String> badGrant = token(Map.of("grant_type", "magic", "client_id", sf.clientId()));
        assertThat(json.readTree(badGrant.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void upsertCreatesThenUpdates() throws Exception {
        String token = login();
        HttpResponse<String> created = patch(token, UPSERT + "C-001", "{\"Name\":\"ACME\",\"Encaisse_Outstanding__c\":1200.00}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode c = json.readTree(created.body());
        String id = c.get("id").asText();
        assertThat(id).hasSize(18).startsWith("001");
        assertThat(c.get("success").asBoolean()).isTrue();
        assertThat(c.get("created").asBoolean()).isTrue();
        assertThat(c.get("errors")).isEmpty();

        HttpResponse<String> updated = patch(token, UPSERT + "C-001", "{\"Encaisse_Outstanding__c\":300.5}");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode u = json.readTree(updated.body());
        assertThat(u.get("id").asText()).isEqualTo(id);
        assertThat(u.get("created").asBoolean()).isFalse();

        Map<String, Object> account = sf.account("C-001");
        assertThat(account).containsEntry("Id", id).containsEntry("Name", "ACME")
                .containsEntry("Encaisse_Customer_Id__c", "C-001");
        assertThat((BigDecimal) account.get("Encaisse_Outstanding__c")).isEqualByComparingTo("300.5");

        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + UPSERT + "C-001"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json.readTree(get.body()).get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(json.readTree(get.body()).get("Name").asText()).isEqualTo("ACME");
    }

    @Test
    void updateBeforeApi46AnswersNoContent() throws Exception {
        String token = login();
        String path = "/services/data/v45.0/sobjects/Account/Encaisse_Customer_Id__c/C-9";
        HttpResponse<String> created = patch(token, path, "{\"Name\":\"Old\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).has("created")).isFalse();
        HttpResponse<String> updated = patch(token, path, "{\"Name\":\"Older\"}");
        assertThat(updated.statusCode()).isEqualTo(204);
        assertThat(updated.body()).isEmpty();
    }

    @Test
    void upsertValidationErrors() throws Exception {
        String token = login();
        HttpResponse<String> unknownField = patch(token, UPSERT + "C-1", "{\"Name\":\"A\",\"Bogus__c\":1}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        JsonNode e = json.readTree(unknownField.body()).get(0);
        assertThat(e.get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(e.get("message").asText()).contains("Bogus__c");
        assertThat(e.get("fields").get(0).asText()).isEqualTo("Bogus__c");

        HttpResponse<String> badJson = patch(token, UPSERT + "C-1", "{\"Name\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badJson.body()).get(0).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");

        HttpResponse<String> mismatch = patch(token, UPSERT + "C-1", "{\"Encaisse_Customer_Id__c\":\"C-2\"}");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(json.readTree(mismatch.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");

        HttpResponse<String> notExternal = patch(token, V + "/sobjects/Account/Name/ACME", "{}");
        assertThat(notExternal.statusCode()).isEqualTo(404);
        assertThat(json.readTree(notExternal.body()).get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");

        HttpResponse<String> unknownObject = patch(token, V + "/sobjects/Invoice__c/Encaisse_Customer_Id__c/C-1", "{}");
        assertThat(unknownObject.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknownObject.body()).get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(sf.accountCount()).isZero();
    }

    @Test
    void missingOrExpiredTokenIsRejected() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + UPSERT + "C-1"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json.readTree(none.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(json.readTree(none.body()).get(0).get("message").asText()).isEqualTo("Session expired or invalid");

        String token = login();
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"A\"}").statusCode()).isEqualTo(201);
        sf.expireAllTokens();
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"B\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void collectionsUpsert() throws Exception {
        String token = login();
        patch(token, UPSERT + "C-2", "{\"Name\":\"Existing\"}");
        String body = """
                {"allOrNone":false,"records":[
                  {"attributes":{"type":"Account"},"Encaisse_Customer_Id__c":"C-1","Name":"One"},
                  {"attributes":{"type":"Account"},"Encaisse_Customer_Id__c":"C-2","Name":"Two"},
                  {"attributes":{"type":"Account"},"Encaisse_Customer_Id__c":"C-3","Nope__c":"x"}]}""";
        HttpResponse<String> r = patch(token, V + "/composite/sobjects/Account/Encaisse_Customer_Id__c", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = json.readTree(r.body());
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("created").asBoolean()).isTrue();
        assertThat(results.get(1).get("created").asBoolean()).isFalse();
        assertThat(results.get(2).get("success").asBoolean()).isFalse();
        assertThat(results.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(sf.account("C-2")).containsEntry("Name", "Two");
        assertThat(sf.account("C-3")).isNull();

        HttpResponse<String> all = patch(token, V + "/composite/sobjects/Account/Encaisse_Customer_Id__c",
                body.replace("\"allOrNone\":false", "\"allOrNone\":true").replace("\"One\"", "\"Uno\""));
        JsonNode allResults = json.readTree(all.body());
        assertThat(allResults.get(0).get("success").asBoolean()).isFalse();
        assertThat(allResults.get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(sf.account("C-1")).containsEntry("Name", "One");
    }

    @Test
    void collectionsRejectMoreThan200Records() throws Exception {
        String token = login();
        String records = java.util.stream.IntStream.rangeClosed(1, 201)
                .mapToObj(i -> "{\"attributes\":{\"type\":\"Account\"},\"Encaisse_Customer_Id__c\":\"C-" + i + "\"}")
                .collect(Collectors.joining(","));
        HttpResponse<String> r = patch(token, V + "/composite/sobjects/Account/Encaisse_Customer_Id__c",
                "{\"allOrNone\":false,\"records\":[" + records + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get(0).get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(sf.accountCount()).isZero();
    }

    @Test
    void dailyRequestLimit() throws Exception {
        sf.withDailyApiRequestLimit(2);
        String token = login();
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"A\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> second = patch(token, UPSERT + "C-1", "{\"Name\":\"B\"}");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=2/2");
        HttpResponse<String> third = patch(token, UPSERT + "C-1", "{\"Name\":\"C\"}");
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(json.readTree(third.body()).get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(sf.account("C-1")).containsEntry("Name", "B");
    }

    @Test
    void injectedServerFailuresAndRecording() throws Exception {
        String token = login();
        sf.failNextRequests(2);
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"A\"}").statusCode()).isEqualTo(503);
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"A\"}").statusCode()).isEqualTo(503);
        assertThat(patch(token, UPSERT + "C-1", "{\"Name\":\"A\"}").statusCode()).isEqualTo(201);
        assertThat(sf.requests()).hasSize(4);
        SalesforceEmulator.RecordedRequest last = sf.requests().get(3);
        assertThat(last.method()).isEqualTo("PATCH");
        assertThat(last.path()).isEqualTo(UPSERT + "C-1");
        assertThat(last.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(last.body()).isEqualTo("{\"Name\":\"A\"}");
    }

    @Test
    void versionsListing() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/data/")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).findValuesAsText("version")).contains("62.0");
    }

    // ------------------------------------------------------------------ helpers

    private String login() throws Exception {
        HttpResponse<String> r = token(Map.of("grant_type", "password", "client_id", sf.clientId(),
                "client_secret", sf.clientSecret(), "username", sf.username(), "password", sf.password()));
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<String> token(Map<String, String> form) throws Exception {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> patch(String token, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
