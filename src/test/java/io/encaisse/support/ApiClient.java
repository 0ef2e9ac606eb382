package io.encaisse.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Calls the running hub over real HTTP and checks every request and response against openapi/encaisse.yaml:
 * a test that uses the API also proves the served API matches the contract.
 */
public final class ApiClient {

    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.CONTRACT)
            .build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String key;
    private final ObjectMapper json;

    private ApiClient(int port, String key, ObjectMapper json) {
        this.port = port;
        this.key = key;
        this.json = json;
    }

    public static ApiClient create(int port, String key) {
        return new ApiClient(port, key, new ObjectMapper().findAndRegisterModules());
    }

    public record Response(int status, Map<String, List<String>> headers, String body, JsonNode json) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, write(body), "application/json");
    }

    public Response post(String path, Object body) {
        return send("POST", path, body == null ? null : write(body), body == null ? null : "application/json");
    }

    public Response postRaw(String path, byte[] body, String contentType) {
        return exchange("POST", path, body, contentType, key, body.length > 0);
    }

    /** A JSON call with extra request headers (Idempotency-Key, ...). */
    public Response withHeaders(String method, String path, Object body, Map<String, String> headers) {
        return exchange(method, path, body == null ? null : write(body).getBytes(StandardCharsets.UTF_8),
                body == null ? null : "application/json", key, true, headers);
    }

    /** Any call; {@code requestIsValid=false} for a request that breaks the contract on purpose. */
    public Response call(String method, String path, Object body, boolean requestIsValid) {
        return exchange(method, path, body == null ? null : write(body).getBytes(StandardCharsets.UTF_8),
                body == null ? null : "application/json", key, requestIsValid);
    }

    /** A request that breaks the contract on purpose: only the response is checked against it. */
    public Response putInvalid(String path, Object body) {
        return exchange("PUT", path, write(body).getBytes(StandardCharsets.UTF_8), "application/json", key, false);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A call with another (or no) key; validated against the contract like any other. */
    public Response withKey(String otherKey, String method, String path) {
        return exchange(method, path, null, null, otherKey, true);
    }

    private Response send(String method, String path, String body, String contentType) {
        return exchange(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, key, true);
    }

    private Response exchange(String method, String path, byte[] body, String contentType, String bearer, boolean requestIsValid) {
        return exchange(method, path, body, contentType, bearer, requestIsValid, Map.of());
    }

    private Response exchange(String method, String path, byte[] body, String contentType, String bearer, boolean requestIsValid,
            Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.header("Accept", "application/json, application/problem+json");
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        validate(method, path, body, contentType, bearer, headers, r, requestIsValid);
        JsonNode node = null;
        if (!r.body().isEmpty() && r.headers().firstValue("Content-Type").orElse("").contains("json")) {
            try {
                node = json.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError("Response of " + method + " " + path + " is not JSON: " + r.body(), e);
            }
        }
        return new Response(r.statusCode(), r.headers().map(), r.body(), node);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void validate(String method, String path, byte[] body, String contentType, String bearer,
            Map<String, String> headers, HttpResponse<String> r, boolean requestIsValid) {
        URI uri = URI.create(path);
        SimpleRequest.Builder req = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getPath());
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (bearer != null) {
            req.withAuthorization("Bearer " + bearer);
        }
        if (contentType != null) {
            req.withContentType(contentType);
        }
        headers.forEach(req::withHeader);
        if (body != null) {
            req.withBody(new String(body, StandardCharsets.UTF_8));
        }
        SimpleResponse.Builder res = SimpleResponse.Builder.status(r.statusCode());
        r.headers().map().forEach((k, v) -> res.withHeader(k, v));
        if (!r.body().isEmpty()) {
            res.withBody(r.body());
        }
        ValidationReport report = requestIsValid ? CONTRACT.validate(req.build(), res.build())
                : CONTRACT.validateResponse(uri.getPath(), Request.Method.valueOf(method), res.build());
        if (report.hasErrors()) {
            throw new AssertionError("The served API does not match openapi/encaisse.yaml for " + method + " " + path + " -> "
                    + r.statusCode() + ":\n" + report.getMessages() + "\nresponse body: " + r.body());
        }
    }

    /** Where the contract lives, relative to the project root (the tests' working directory). */
    static final class Path {
        static final String CONTRACT = java.nio.file.Path.of("openapi", "encaisse.yaml").toUri().toString();
    }
}
