package io.encaisse.invoices.internal.erp.outbound;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.PaymentApplicationView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic REST ERP: each application is POSTed to {@code rest.url} with the body its JSONata mapping makes of the
 * application, and {@code Idempotency-Key: <allocation id>} (a reversal: {@code <allocation id>:REVERSE}).
 * 2xx: SENT (the answer's {@code id}, if any, is the ERP's id); 409: already booked, so SENT; 408, 429 and 5xx, no
 * answer: unavailable (retried); any other 4xx: refused for good, with the ERP's answer as the reason.
 */
class RestPaymentConnector implements PaymentConnector {

    private final ErpProperties.RestOut config;
    private final Jsonata mapping;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    RestPaymentConnector(ErpProperties.RestOut config, String mappingText) {
        this.config = config;
        this.mapping = Jsonata.jsonata(mappingText);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public ConnectorResult apply(PaymentApplicationView application) {
        return post(application, null, application.allocationId().toString());
    }

    @Override
    public ConnectorResult reverse(PaymentApplicationView reversal, PaymentApplicationView applied) {
        return post(reversal, applied.erpId(), reversal.allocationId() + ":REVERSE");
    }

    /** The mapping's input: the application as plain JSON (amounts as exact strings). */
    static Map<String, Object> input(PaymentApplicationView a, String appliedErpId) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("applicationId", a.id().toString());
        in.put("allocationId", a.allocationId().toString());
        in.put("direction", a.direction());
        in.put("invoiceNumber", a.invoiceNumber().value());
        in.put("customerId", a.customer().value());
        in.put("amount", a.amount().amount().toPlainString());
        in.put("currency", a.amount().currency());
        in.put("valueDate", a.valueDate().toString());
        in.put("bankReference", a.bankReference());
        in.put("erpId", appliedErpId);
        return in;
    }

    private ConnectorResult post(PaymentApplicationView a, String appliedErpId, String idempotencyKey) {
        String body;
        try {
            Map<String, Object> in = json.convertValue(input(a, appliedErpId), new TypeReference<Map<String, Object>>() { });
            Object out = mapping.evaluate(in);
            body = json.writeValueAsString(out);
        } catch (RuntimeException | JsonProcessingException e) {
            return new ConnectorResult.Refused("The mapping " + config.mapping() + " failed: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url()))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("User-Agent", "Encaisse ERP connector")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (config.authValue() != null && !config.authValue().isBlank()) {
            request.header(config.authHeader(), config.authValue());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new ConnectorResult.Unavailable("The ERP at " + config.url() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectorResult.Unavailable("Interrupted while calling the ERP");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new ConnectorResult.Sent(idOf(response.body()));
        }
        if (status == 409) {
            return new ConnectorResult.Sent(idOf(response.body()));
        }
        String answer = "HTTP " + status + ": " + abbreviate(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            return new ConnectorResult.Unavailable("The ERP answered " + answer);
        }
        return new ConnectorResult.Refused("The ERP refused it: " + answer);
    }

    private String idOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = json.readTree(body);
            JsonNode id = n == null ? null : n.get("id");
            return id == null || id.isNull() || id.isContainerNode() ? null : id.asText();
        } catch (JsonProcessingException notJson) {
            return null; // an answer without an id is still an acknowledgement
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
