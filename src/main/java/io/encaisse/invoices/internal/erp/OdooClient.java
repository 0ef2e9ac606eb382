package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.shared.PermanentFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Odoo's external JSON-RPC API ({@code POST {url}/jsonrpc}, method {@code call}, services {@code common} and
 * {@code object}). Logs in once ({@code common.login}) and keeps the uid until Odoo answers AccessDenied.
 * <p>
 * Failures: no answer or an HTTP error is an {@link OdooUnavailableException} (retried by the route's error handler);
 * a JSON-RPC error is an {@link OdooRpcException}, wrapped in a {@link PermanentFailure} when retrying cannot help
 * (bad credentials, missing rights, unknown field). Numbers are read as BigDecimal: amounts never pass through a double.
 */
public class OdooClient {

    private final ErpProperties.Odoo config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final AtomicLong requestId = new AtomicLong();
    private volatile Integer uid;

    public OdooClient(ErpProperties.Odoo config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Forgets the session (uid): the next call logs in again. */
    public void forgetSession() {
        uid = null;
    }

    public int uid() {
        Integer known = uid;
        if (known != null) {
            return known;
        }
        JsonNode result = call("common", "login", List.of(config.database(), config.username(), config.password()));
        if (!result.isIntegralNumber()) {
            throw new PermanentFailure("Odoo refused the login of '" + config.username() + "' on database '"
                    + config.database() + "' (common.login answered " + result
                    + "): check ENCAISSE_ERP_ODOO_USERNAME and ENCAISSE_ERP_ODOO_PASSWORD");
        }
        uid = result.intValue();
        return uid;
    }

    public List<ObjectNode> searchRead(String model, List<Object> domain, List<String> fields, int limit, String order) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("fields", fields);
        kwargs.put("limit", limit);
        kwargs.put("order", order);
        return records(executeKw(model, "search_read", List.of(domain), kwargs));
    }

    public List<ObjectNode> read(String model, Collection<Long> ids, List<String> fields) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return records(executeKw(model, "read", List.of(List.copyOf(ids)), Map.of("fields", fields)));
    }

    public JsonNode executeKw(String model, String method, List<Object> args, Map<String, Object> kwargs) {
        int user = uid();
        try {
            return call("object", "execute_kw", List.of(config.database(), user, config.password(), model, method, args, kwargs));
        } catch (PermanentFailure e) {
            if (e.getCause() instanceof OdooRpcException rpc && rpc.isAccessDenied()) {
                forgetSession(); // the password or API key changed: log in again next time
            }
            throw e;
        }
    }

    private List<ObjectNode> records(JsonNode result) {
        if (!result.isArray()) {
            throw new OdooUnavailableException("Odoo answered records that are not a list: " + abbreviate(result.toString()));
        }
        List<ObjectNode> out = new ArrayList<>(result.size());
        result.forEach(r -> out.add((ObjectNode) r));
        return out;
    }

    JsonNode call(String service, String method, List<Object> args) {
        String what = service + "." + method + (args.size() > 4 ? " " + args.get(3) + "." + args.get(4) : "");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", "call");
        request.put("params", Map.of("service", service, "method", method, "args", args));
        request.put("id", requestId.incrementAndGet());
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(stripSlash(config.url()) + "/jsonrpc"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("User-Agent", "Encaisse ERP connector")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OdooUnavailableException("Odoo at " + config.url() + " did not answer " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooUnavailableException("Interrupted while calling Odoo " + what, e);
        }
        if (response.statusCode() != 200) {
            throw new OdooUnavailableException("Odoo at " + config.url() + " answered HTTP " + response.statusCode()
                    + " to " + what + ": " + abbreviate(response.body()));
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new OdooUnavailableException("Odoo answered " + what + " with something that is not JSON: "
                    + abbreviate(response.body()), e);
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            JsonNode data = error.path("data");
            String name = data.path("name").asText(error.path("message").asText("unknown error"));
            String message = data.path("message").asText(error.path("message").asText(""));
            OdooRpcException rpc = new OdooRpcException(what, name, message);
            throw rpc.isPermanent() ? new PermanentFailure(rpc.getMessage(), rpc) : rpc;
        }
        if (!answer.has("result")) {
            throw new OdooUnavailableException("Odoo answered " + what + " without result nor error: " + abbreviate(response.body()));
        }
        return answer.get("result");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
