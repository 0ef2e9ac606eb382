package io.encaisse.invoices.erp.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A typical REST/JSON ERP API, on a real HTTP server (JDK HttpServer), for route invoices.rest-pull:
 * {@code GET /api/v2/customers} and {@code /api/v2/invoices} with {@code updated_since} (ISO-8601, inclusive: records
 * changed at or after it), {@code page} (from 1) and {@code limit} (at most 100), sorted by {@code updated_at}, then
 * {@code id}; the body is {@code {"data": [...], "page", "limit", "total", "next"}} where {@code next} is the relative
 * URL of the next page (an {@code offset} link) or null. Errors as such APIs answer them: 401 with a JSON error without
 * the bearer token, 429 with {@code Retry-After}, 500/502/503 with an HTML or JSON body, 400 for a bad parameter.
 */
public class RestErpEmulator implements AutoCloseable {

    public static final String TOKEN = "erp-token-" + Long.toHexString(System.nanoTime());
    static final int MAX_LIMIT = 100;

    public record Request(Instant at, String method, String path, Map<String, String> query, int status) {
    }

    /** A failure to answer instead of the next request(s): status, Retry-After header (or null). */
    record Failure(int status, String retryAfter) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<Long, ObjectNode>> collections = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile boolean revoked;
    private HttpServer server;
    private ExecutorService executor;

    public RestErpEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        collections.put("customers", new ConcurrentHashMap<>());
        collections.put("invoices", new ConcurrentHashMap<>());
        return this;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2";
    }

    // --- data and behaviour (tests)

    public void put(String collection, long id, Map<String, ?> values) {
        ObjectNode r = json.valueToTree(values);
        r.put("id", id);
        collections.get(collection).put(id, r);
    }

    public ObjectNode record(String collection, long id) {
        return collections.get(collection).get(id).deepCopy();
    }

    public synchronized void failNext(int status, String retryAfter) {
        failures.add(new Failure(status, retryAfter));
    }

    /** The token is refused (401) until {@link #restore()}. */
    public void revoke() {
        revoked = true;
    }

    public void restore() {
        revoked = false;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    // --- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            String contentType = "application/json";
            Failure failure;
            synchronized (this) {
                failure = failures.poll();
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"GET".equals(exchange.getRequestMethod())) {
                status = 405;
                body = "{\"error\":\"method_not_allowed\"}";
            } else if (revoked || !("Bearer " + TOKEN).equals(auth)) {
                status = 401;
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                body = "{\"error\":\"unauthorized\",\"message\":\"Invalid or expired access token\"}";
            } else if (failure != null) {
                status = failure.status();
                if (failure.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
                }
                if (status == 429) {
                    body = "{\"error\":\"rate_limited\",\"message\":\"Too many requests\"}";
                } else {
                    contentType = "text/html";
                    body = "<html><body><h1>" + status + " Server Error</h1></body></html>";
                }
            } else {
                String collection = path.startsWith("/api/v2/") ? path.substring("/api/v2/".length()) : null;
                Map<Long, ObjectNode> records = collection == null ? null : collections.get(collection);
                if (records == null) {
                    status = 404;
                    body = "{\"error\":\"not_found\"}";
                } else {
                    String[] answer = list(collection, records, query);
                    status = Integer.parseInt(answer[0]);
                    body = answer[1];
                }
            }
            requests.add(new Request(Instant.now(), exchange.getRequestMethod(), path, query, status));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String[] list(String collection, Map<Long, ObjectNode> records, Map<String, String> query) {
        Instant since;
        int limit;
        int page;
        int offset;
        try {
            since = query.containsKey("updated_since") ? Instant.parse(query.get("updated_since")) : null;
            limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            page = Integer.parseInt(query.getOrDefault("page", "1"));
            offset = query.containsKey("offset") ? Integer.parseInt(query.get("offset")) : (page - 1) * limit;
        } catch (RuntimeException e) {
            return new String[] {"400", "{\"error\":\"bad_request\",\"message\":\"" + e.getMessage().replace('"', '\'') + "\"}"};
        }
        if (limit < 1 || limit > MAX_LIMIT || page < 1 || offset < 0) {
            return new String[] {"400", "{\"error\":\"bad_request\",\"message\":\"limit must be 1..100, page >= 1\"}"};
        }
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode r : records.values()) {
            if (since == null || !Instant.parse(r.get("updated_at").asText()).isBefore(since)) {
                found.add(r);
            }
        }
        found.sort(Comparator.<ObjectNode, Instant>comparing(r -> Instant.parse(r.get("updated_at").asText()))
                .thenComparingLong(r -> r.get("id").asLong()));
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (int i = offset; i < Math.min(found.size(), offset + limit); i++) {
            data.add(found.get(i));
        }
        body.put("page", page);
        body.put("limit", limit);
        body.put("total", found.size());
        if (offset + limit < found.size()) {
            Map<String, String> next = new LinkedHashMap<>();
            if (since != null) {
                next.put("updated_since", since.toString());
            }
            next.put("offset", Integer.toString(offset + limit));
            next.put("limit", Integer.toString(limit));
            StringBuilder url = new StringBuilder("/api/v2/" + collection + "?");
            next.forEach((k, v) -> url.append(k).append('=').append(v).append('&'));
            body.put("next", url.substring(0, url.length() - 1));
        } else {
            body.putNull("next");
        }
        return new String[] {"200", body.toString()};
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
