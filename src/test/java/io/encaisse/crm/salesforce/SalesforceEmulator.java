package io.encaisse.crm.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * In-process emulator of the parts of the Salesforce REST API that Encaisse uses: OAuth 2.0 token endpoint,
 * sObject upsert by external id, sObject Collections upsert, plus daily request limits and fault injection.
 * <p>
 * Behaviour follows Salesforce's documented REST API (status codes, error body
 * {@code [{"message":..,"errorCode":..,"fields":[..]}]}, OAuth error body {@code {"error":..,"error_description":..}}).
 * Only one sObject type (Account by default) is emulated. Configure before {@link #start()} or at any time after;
 * all configuration is thread-safe.
 */
public final class SalesforceEmulator implements AutoCloseable {

    public static final String DEFAULT_CLIENT_ID = "encaisse-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "encaisse-client-secret";
    public static final String DEFAULT_USERNAME = "integration@encaisse.io";
    public static final String DEFAULT_PASSWORD = "s3cret+securityToken";
    public static final String DEFAULT_EXTERNAL_ID_FIELD = "Encaisse_Customer_Id__c";
    /** Latest API version listed by {@code GET /services/data/}. */
    public static final String LATEST_API_VERSION = "62.0";

    private static final Pattern DATA_PATH = Pattern.compile("^/services/data/v(\\d{2,3}\\.\\d)(/.*)?$");
    private static final String ID_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final int COLLECTION_MAX_RECORDS = 200;

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final SecureRandom random = new SecureRandom();

    // configuration
    private volatile String clientId = DEFAULT_CLIENT_ID;
    private volatile String clientSecret = DEFAULT_CLIENT_SECRET;
    private volatile String username = DEFAULT_USERNAME;
    private volatile String password = DEFAULT_PASSWORD;
    private volatile boolean clientCredentialsEnabled = true;
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private volatile String sObjectName = "Account";
    private volatile String keyPrefix = "001";
    /** lower-case name -> canonical name */
    private final Map<String, String> fields = new ConcurrentHashMap<>();
    /** lower-case name of fields flagged as External ID */
    private final Set<String> externalIdFields = ConcurrentHashMap.newKeySet();
    private volatile long dailyApiRequestLimit = 15_000;

    // state
    private final String orgId;
    private final String userId;
    private final Map<String, Long> validTokens = new ConcurrentHashMap<>();
    private final AtomicLong apiRequestsUsed = new AtomicLong();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile int injectedFailureStatus = 503;
    private final AtomicLong idSequence = new AtomicLong();
    /** external id value -> record (canonical field name -> value), guarded by {@code storeLock} */
    private final Map<String, Map<String, Object>> accounts = new LinkedHashMap<>();
    private final Object storeLock = new Object();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private HttpServer server;
    private ExecutorService executor;

    /** One HTTP request as received by the emulator. Header names are lower-case. */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
            String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    public SalesforceEmulator() {
        this.orgId = to18("00D5g000004Enc1");
        this.userId = to18("0055g00000AbCdE");
        withAccountFields("Name", "AccountNumber", "Phone", "Website", "Type", "Industry", "Description",
                "BillingStreet", "BillingCity", "BillingPostalCode", "BillingCountry", DEFAULT_EXTERNAL_ID_FIELD,
                "Encaisse_Outstanding__c", "Encaisse_Overdue__c", "Encaisse_Currency__c",
                "Encaisse_Last_Payment_Date__c", "Encaisse_Risk_Level__c");
        withExternalIdField(DEFAULT_EXTERNAL_ID_FIELD);
    }

    // ------------------------------------------------------------------ configuration

    /** The connected app (consumer key / secret) accepted by the token endpoint. */
    public SalesforceEmulator withClient(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        return this;
    }

    /** The user accepted by the username-password flow (password includes the security token, if any). */
    public SalesforceEmulator withUser(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    /** Registers a refresh token accepted by the refresh_token grant. */
    public SalesforceEmulator withRefreshToken(String refreshToken) {
        refreshTokens.add(refreshToken);
        return this;
    }

    /** Whether the connected app has a "Run As" user for the client credentials flow (default true). */
    public SalesforceEmulator withClientCredentialsFlow(boolean enabled) {
        this.clientCredentialsEnabled = enabled;
        return this;
    }

    /** Replaces the writable field list of the emulated sObject (Id is always readable, never writable). */
    public SalesforceEmulator withAccountFields(String... names) {
        fields.clear();
        for (String name : names) {
            fields.put(name.toLowerCase(Locale.ROOT), name);
        }
        return this;
    }

    /** Flags a field as External ID (it is added to the field list if missing). */
    public SalesforceEmulator withExternalIdField(String name) {
        fields.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        externalIdFields.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Daily API request allocation; once used up, data requests answer 403 REQUEST_LIMIT_EXCEEDED. */
    public SalesforceEmulator withDailyApiRequestLimit(long limit) {
        this.dailyApiRequestLimit = limit;
        return this;
    }

    // ------------------------------------------------------------------ faults

    /** The next {@code n} requests (any endpoint, token endpoint included) answer 503 Service Unavailable. */
    public SalesforceEmulator failNextRequests(int n) {
        return failNextRequests(n, 503);
    }

    /** The next {@code n} requests answer the given 5xx status. */
    public SalesforceEmulator failNextRequests(int n, int status) {
        this.injectedFailureStatus = status;
        failuresToInject.set(n);
        return this;
    }

    /** Invalidates every issued access token (as after a session timeout); refresh tokens stay valid. */
    public SalesforceEmulator expireAllTokens() {
        validTokens.clear();
        return this;
    }

    /** Sets the API requests already consumed today. */
    public SalesforceEmulator setApiRequestsUsed(long used) {
        apiRequestsUsed.set(used);
        return this;
    }

    public long apiRequestsUsed() {
        return apiRequestsUsed.get();
    }

    /** Removes every stored record and recorded request; configuration and tokens are kept. */
    public void reset() {
        synchronized (storeLock) {
            accounts.clear();
        }
        requests.clear();
        failuresToInject.set(0);
        apiRequestsUsed.set(0);
    }

    // ------------------------------------------------------------------ inspection

    /** Stored fields of the record with that external id value (a copy, including Id), or null. */
    public Map<String, Object> account(String externalId) {
        synchronized (storeLock) {
            Map<String, Object> record = accounts.get(externalId);
            return record == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(record));
        }
    }

    public int accountCount() {
        synchronized (storeLock) {
            return accounts.size();
        }
    }

    /** Snapshot of every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    public String orgId() {
        return orgId;
    }

    public String userId() {
        return userId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    // ------------------------------------------------------------------ lifecycle

    public SalesforceEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind emulator", e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "salesforce-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("emulator not started");
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // ------------------------------------------------------------------ dispatch

    private record Response(int status, String body, Map<String, String> headers) {
        static Response json(int status, String body) {
            return new Response(status, body, Map.of());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            String body = readBody(exchange.getRequestBody());
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    Collections.unmodifiableMap(headers), body);
            requests.add(request);
            response = dispatch(request);
        } catch (RuntimeException e) {
            response = Response.json(500, errors("UNKNOWN_EXCEPTION", "An unexpected error occurred: " + e));
        }
        byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        if (response.body() != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private Response dispatch(RecordedRequest request) {
        if (failuresToInject.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return Response.json(injectedFailureStatus,
                    errors("SERVER_UNAVAILABLE", "Server temporarily unavailable, please retry later"));
        }
        String path = request.path();
        String method = request.method();
        if (path.equals("/services/oauth2/token")) {
            return "POST".equals(method) ? token(request) : methodNotAllowed(method, "POST");
        }
        if (path.equals("/services/oauth2/revoke")) {
            return revoke(request);
        }
        if (path.startsWith("/id/")) {
            return identity(request);
        }
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            return "GET".equals(method) ? Response.json(200, versions()) : methodNotAllowed(method, "GET");
        }
        Matcher m = DATA_PATH.matcher(path);
        if (!m.matches()) {
            return Response.json(404, errors("NOT_FOUND", "The requested resource does not exist"));
        }
        if (bearerToken(request) == null) {
            return Response.json(401, errors("INVALID_SESSION_ID", "Session expired or invalid"));
        }
        long used = apiRequestsUsed.incrementAndGet();
        Map<String, String> limitHeader = Map.of("Sforce-Limit-Info",
                "api-usage=" + Math.min(used, dailyApiRequestLimit) + "/" + dailyApiRequestLimit);
        if (used > dailyApiRequestLimit) {
            apiRequestsUsed.decrementAndGet(); // refused calls do not consume the allocation
            return new Response(403, errors("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), limitHeader);
        }
        String version = m.group(1);
        String rest = m.group(2) == null ? "" : m.group(2);
        Response r = data(request, version, segments(rest));
        Map<String, String> headers = new LinkedHashMap<>(r.headers());
        headers.putAll(limitHeader);
        return new Response(r.status(), r.body(), headers);
    }

    private Response data(RecordedRequest request, String version, List<String> seg) {
        String method = request.method();
        if (seg.isEmpty()) {
            return "GET".equals(method) ? Response.json(200, resources(version)) : methodNotAllowed(method, "GET");
        }
        switch (seg.get(0)) {
            case "limits":
                return seg.size() == 1 && "GET".equals(method) ? Response.json(200, limits()) : notFound();
            case "sobjects":
                return sobjects(request, version, seg.subList(1, seg.size()));
            case "composite":
                if (seg.size() == 4 && seg.get(1).equals("sobjects")) {
                    if (Double.parseDouble(version) < 46.0) {
                        return notFound();
                    }
                    return "PATCH".equals(method) ? collectionsUpsert(request, version, seg.get(2), seg.get(3))
                            : methodNotAllowed(method, "PATCH");
                }
                return notFound();
            default:
                return notFound();
        }
    }

    private Response sobjects(RecordedRequest request, String version, List<String> seg) {
        String method = request.method();
        if (seg.isEmpty()) {
            return "GET".equals(method) ? Response.json(200, globalDescribe(version)) : methodNotAllowed(method, "GET");
        }
        if (!seg.get(0).equalsIgnoreCase(sObjectName)) {
            return notFound();
        }
        if (seg.size() == 1) {
            return "GET".equals(method) ? Response.json(200, basicInfo(version)) : methodNotAllowed(method, "GET, POST");
        }
        if (seg.size() == 2 && seg.get(1).equals("describe")) {
            return "GET".equals(method) ? Response.json(200, describe(version)) : methodNotAllowed(method, "GET");
        }
        if (seg.size() == 3) {
            String field = seg.get(1);
            String value = seg.get(2);
            if (!externalIdFields.contains(field.toLowerCase(Locale.ROOT))) {
                return Response.json(404, errors("NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: " + field));
            }
            return switch (method) {
                case "PATCH" -> upsert(request, version, canonical(field), value);
                case "GET", "HEAD" -> retrieve(version, value);
                default -> methodNotAllowed(method, "GET, HEAD, PATCH, DELETE");
            };
        }
        return notFound();
    }

    // ------------------------------------------------------------------ OAuth 2.0

    private Response token(RecordedRequest request) {
        Map<String, String> form = parseForm(request.body());
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return oauthError("unsupported_grant_type", "grant type not supported");
        }
        switch (grantType) {
            case "password": {
                Response clientError = checkClient(form, true);
                if (clientError != null) {
                    return clientError;
                }
                if (!username.equals(form.get("username")) || !password.equals(form.get("password"))) {
                    return oauthError("invalid_grant", "authentication failure");
                }
                return issueToken();
            }
            case "client_credentials": {
                Response clientError = checkClient(form, true);
                if (clientError != null) {
                    return clientError;
                }
                if (!clientCredentialsEnabled) {
                    return oauthError("invalid_grant", "no client credentials user enabled");
                }
                return issueToken();
            }
            case "refresh_token": {
                Response clientError = checkClient(form, false);
                if (clientError != null) {
                    return clientError;
                }
                if (form.get("refresh_token") == null || !refreshTokens.contains(form.get("refresh_token"))) {
                    return oauthError("invalid_grant", "expired access/refresh token");
                }
                return issueToken();
            }
            default:
                return oauthError("unsupported_grant_type", "grant type not supported");
        }
    }

    private Response checkClient(Map<String, String> form, boolean secretRequired) {
        if (!clientId.equals(form.get("client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = form.get("client_secret");
        if ((secretRequired || secret != null) && !clientSecret.equals(secret)) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        return null;
    }

    private Response issueToken() {
        byte[] raw = new byte[48];
        random.nextBytes(raw);
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long issuedAt = System.currentTimeMillis();
        validTokens.put(token, issuedAt);
        String id = baseUrl() + "/id/" + orgId + "/" + userId;
        ObjectNode body = json.createObjectNode();
        body.put("access_token", token);
        body.put("instance_url", baseUrl());
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", Long.toString(issuedAt));
        body.put("signature", sign(id + issuedAt));
        return Response.json(200, body.toString());
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response revoke(RecordedRequest request) {
        Map<String, String> params = parseForm(request.query());
        params.putAll(parseForm(request.body()));
        String token = params.get("token");
        if (token != null && (validTokens.remove(token) != null || refreshTokens.remove(token))) {
            return new Response(200, null, Map.of());
        }
        return oauthError("unsupported_token_type", "this token type is not supported");
    }

    private Response identity(RecordedRequest request) {
        if (bearerToken(request) == null) {
            return Response.json(403, "\"Bad_OAuth_Token\"");
        }
        if (!request.path().equals("/id/" + orgId + "/" + userId)) {
            return Response.json(404, "\"Bad_Id\"");
        }
        ObjectNode body = json.createObjectNode();
        body.put("id", baseUrl() + request.path());
        body.put("user_id", userId);
        body.put("organization_id", orgId);
        body.put("username", username);
        body.put("active", true);
        body.put("user_type", "STANDARD");
        ObjectNode urls = body.putObject("urls");
        urls.put("rest", baseUrl() + "/services/data/v{version}/");
        urls.put("sobjects", baseUrl() + "/services/data/v{version}/sobjects/");
        return Response.json(200, body.toString());
    }

    private String bearerToken(RecordedRequest request) {
        String auth = request.header("authorization");
        if (auth == null) {
            return null;
        }
        String token;
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).trim();
        } else if (auth.regionMatches(true, 0, "OAuth ", 0, 6)) {
            token = auth.substring(6).trim();
        } else {
            return null;
        }
        return validTokens.containsKey(token) ? token : null;
    }

    // ------------------------------------------------------------------ sObject rows by external id

    private Response upsert(RecordedRequest request, String version, String extIdField, String extIdValue) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JsonProcessingException e) {
            return Response.json(400, errors("JSON_PARSER_ERROR", e.getOriginalMessage()));
        }
        if (body == null || body.isMissingNode()) {
            return Response.json(400, errors("JSON_PARSER_ERROR", "The HTTP entity body is required, but this request has no entity body."));
        }
        if (!body.isObject()) {
            return Response.json(400, errors("JSON_PARSER_ERROR",
                    "Cannot deserialize instance of " + sObjectName + " from " + (body.isArray() ? "START_ARRAY" : "VALUE") + " value"));
        }
        RecordError error = validate((ObjectNode) body, extIdField, extIdValue, false);
        if (error != null) {
            return Response.json(400, errors(error.code(), error.message(), error.fields()));
        }
        UpsertOutcome outcome = store((ObjectNode) body, extIdField, extIdValue);
        boolean v46 = Double.parseDouble(version) >= 46.0;
        if (!outcome.created() && !v46) {
            return new Response(204, null, Map.of());
        }
        ObjectNode result = json.createObjectNode();
        result.put("id", outcome.id());
        result.put("success", true);
        result.putArray("errors");
        if (v46) {
            result.put("created", outcome.created());
        }
        Map<String, String> headers = outcome.created()
                ? Map.of("Location", "/services/data/v" + version + "/sobjects/" + sObjectName + "/" + outcome.id())
                : Map.of();
        return new Response(outcome.created() ? 201 : 200, result.toString(), headers);
    }

    private Response retrieve(String version, String extIdValue) {
        Map<String, Object> record = account(extIdValue);
        if (record == null) {
            return Response.json(404, errors("NOT_FOUND", "The requested resource does not exist"));
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode attributes = body.putObject("attributes");
        attributes.put("type", sObjectName);
        attributes.put("url", "/services/data/v" + version + "/sobjects/" + sObjectName + "/" + record.get("Id"));
        record.forEach((k, v) -> body.set(k, json.valueToTree(v)));
        return Response.json(200, body.toString());
    }

    private record RecordError(String code, String message, List<String> fields) {
    }

    private record UpsertOutcome(String id, boolean created) {
    }

    /** Validates one record body; {@code extIdValue} is null for collections (taken from the body). */
    private RecordError validate(ObjectNode body, String extIdField, String extIdValue, boolean collection) {
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
            String name = field.getKey();
            if (name.equals("attributes")) {
                continue;
            }
            if (name.equalsIgnoreCase("Id")) {
                return new RecordError("INVALID_FIELD", "Id not allowed in upsert by external id; use the external ID field "
                        + extIdField, List.of("Id"));
            }
            if (!fields.containsKey(name.toLowerCase(Locale.ROOT))) {
                return new RecordError("INVALID_FIELD",
                        "No such column '" + name + "' on sobject of type " + sObjectName, List.of(name));
            }
            if (field.getValue().isContainerNode()) {
                return new RecordError("JSON_PARSER_ERROR",
                        "Cannot deserialize instance of " + name + " from " + (field.getValue().isArray() ? "START_ARRAY" : "START_OBJECT")
                                + " value", List.of(name));
            }
            if (!collection && name.equalsIgnoreCase(extIdField) && !field.getValue().isNull()
                    && !field.getValue().asText().equals(extIdValue)) {
                return new RecordError("INVALID_FIELD", "The value of " + extIdField + " in the request body ("
                        + field.getValue().asText() + ") differs from the value in the URL (" + extIdValue + ")",
                        List.of(extIdField));
            }
        }
        if (collection) {
            JsonNode value = findIgnoreCase(body, extIdField);
            if (value == null || value.isNull() || value.asText().isEmpty()) {
                return new RecordError("MISSING_ARGUMENT", extIdField + " not specified", List.of());
            }
        }
        return null;
    }

    private UpsertOutcome store(ObjectNode body, String extIdField, String extIdValue) {
        synchronized (storeLock) {
            Map<String, Object> record = accounts.get(extIdValue);
            boolean created = record == null;
            if (created) {
                record = new LinkedHashMap<>();
                record.put("Id", newId());
                record.put(extIdField, extIdValue);
                accounts.put(extIdValue, record);
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
                if (field.getKey().equals("attributes")) {
                    continue;
                }
                record.put(canonical(field.getKey()), toJava(field.getValue()));
            }
            record.put(extIdField, extIdValue);
            return new UpsertOutcome((String) record.get("Id"), created);
        }
    }

    // ------------------------------------------------------------------ sObject Collections upsert

    private Response collectionsUpsert(RecordedRequest request, String version, String sobject, String extIdField) {
        if (!sobject.equalsIgnoreCase(sObjectName)) {
            return notFound();
        }
        if (!externalIdFields.contains(extIdField.toLowerCase(Locale.ROOT))) {
            return Response.json(404, errors("NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + extIdField));
        }
        String field = canonical(extIdField);
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JsonProcessingException e) {
            return Response.json(400, errors("JSON_PARSER_ERROR", e.getOriginalMessage()));
        }
        if (body == null || !body.isObject() || !body.path("records").isArray()) {
            return Response.json(400, errors("INVALID_FIELD", "records is required and must be a list", List.of("records")));
        }
        ArrayNode records = (ArrayNode) body.get("records");
        if (records.size() > COLLECTION_MAX_RECORDS) {
            return Response.json(400, errors("EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than " + COLLECTION_MAX_RECORDS + " records into this call"));
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        List<RecordError> recordErrors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode record : records) {
            RecordError error;
            if (!record.isObject()) {
                error = new RecordError("JSON_PARSER_ERROR", "record must be a JSON object", List.of());
            } else if (!sObjectName.equalsIgnoreCase(record.path("attributes").path("type").asText(""))) {
                error = new RecordError("INVALID_TYPE", "Each record must have attributes.type set to " + sObjectName,
                        List.of());
            } else {
                error = validate((ObjectNode) record, field, null, true);
                if (error == null && !seen.add(findIgnoreCase(record, field).asText())) {
                    error = new RecordError("DUPLICATE_EXTERNAL_ID",
                            "Duplicate external id specified: " + findIgnoreCase(record, field).asText(), List.of(field));
                }
            }
            recordErrors.add(error);
        }
        boolean anyError = recordErrors.stream().anyMatch(e -> e != null);
        ArrayNode results = json.createArrayNode();
        synchronized (storeLock) {
            for (int i = 0; i < records.size(); i++) {
                RecordError error = recordErrors.get(i);
                ObjectNode result = results.addObject();
                if (error == null && allOrNone && anyError) {
                    error = new RecordError("ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the request was using AllOrNone header",
                            List.of());
                }
                if (error != null) {
                    result.put("success", false);
                    ObjectNode err = result.putArray("errors").addObject();
                    err.put("statusCode", error.code());
                    err.put("message", error.message());
                    ArrayNode f = err.putArray("fields");
                    error.fields().forEach(f::add);
                    continue;
                }
                ObjectNode record = (ObjectNode) records.get(i);
                UpsertOutcome outcome = store(record, field, findIgnoreCase(record, field).asText());
                result.put("id", outcome.id());
                result.put("success", true);
                result.putArray("errors");
                result.put("created", outcome.created());
            }
        }
        return Response.json(200, results.toString());
    }

    // ------------------------------------------------------------------ discovery resources

    private String versions() {
        ArrayNode list = json.createArrayNode();
        String[][] known = {{"Winter '20", "47.0"}, {"Spring '23", "57.0"}, {"Summer '23", "58.0"},
                {"Winter '24", "59.0"}, {"Spring '24", "60.0"}, {"Summer '24", "61.0"}, {"Winter '25", LATEST_API_VERSION}};
        for (String[] v : known) {
            ObjectNode o = list.addObject();
            o.put("label", v[0]);
            o.put("url", "/services/data/v" + v[1]);
            o.put("version", v[1]);
        }
        return list.toString();
    }

    private String resources(String version) {
        ObjectNode o = json.createObjectNode();
        String p = "/services/data/v" + version;
        o.put("composite", p + "/composite");
        o.put("limits", p + "/limits");
        o.put("sobjects", p + "/sobjects");
        o.put("query", p + "/query");
        return o.toString();
    }

    private String limits() {
        ObjectNode o = json.createObjectNode();
        ObjectNode daily = o.putObject("DailyApiRequests");
        daily.put("Max", dailyApiRequestLimit);
        daily.put("Remaining", Math.max(0, dailyApiRequestLimit - apiRequestsUsed.get()));
        return o.toString();
    }

    private String globalDescribe(String version) {
        ObjectNode o = json.createObjectNode();
        o.put("encoding", "UTF-8");
        o.put("maxBatchSize", 200);
        o.putArray("sobjects").add(sobjectSummary(version));
        return o.toString();
    }

    private String basicInfo(String version) {
        ObjectNode o = json.createObjectNode();
        o.set("objectDescribe", sobjectSummary(version));
        o.putArray("recentItems");
        return o.toString();
    }

    private ObjectNode sobjectSummary(String version) {
        ObjectNode o = json.createObjectNode();
        o.put("name", sObjectName);
        o.put("label", sObjectName);
        o.put("keyPrefix", keyPrefix);
        o.put("createable", true);
        o.put("updateable", true);
        o.put("custom", false);
        o.putObject("urls").put("sobject", "/services/data/v" + version + "/sobjects/" + sObjectName);
        return o;
    }

    private String describe(String version) {
        ObjectNode o = sobjectSummary(version);
        ArrayNode list = o.putArray("fields");
        ObjectNode id = list.addObject();
        id.put("name", "Id");
        id.put("type", "id");
        id.put("externalId", false);
        id.put("createable", false);
        id.put("updateable", false);
        for (String name : new java.util.TreeSet<>(fields.values())) {
            ObjectNode f = list.addObject();
            f.put("name", name);
            f.put("type", "string");
            f.put("externalId", externalIdFields.contains(name.toLowerCase(Locale.ROOT)));
            f.put("custom", name.endsWith("__c"));
            f.put("createable", true);
            f.put("updateable", true);
        }
        return o.toString();
    }

    // ------------------------------------------------------------------ helpers

    private Response notFound() {
        return Response.json(404, errors("NOT_FOUND", "The requested resource does not exist"));
    }

    private Response methodNotAllowed(String method, String allowed) {
        return new Response(405, errors("METHOD_NOT_ALLOWED",
                "HTTP Method '" + method + "' not allowed. Allowed are " + allowed), Map.of("Allow", allowed));
    }

    private Response oauthError(String error, String description) {
        ObjectNode o = json.createObjectNode();
        o.put("error", error);
        o.put("error_description", description);
        return Response.json(400, o.toString());
    }

    private String errors(String code, String message) {
        return errors(code, message, List.of());
    }

    private String errors(String code, String message, List<String> fieldNames) {
        ArrayNode list = json.createArrayNode();
        ObjectNode o = list.addObject();
        o.put("message", message);
        o.put("errorCode", code);
        ArrayNode f = o.putArray("fields");
        fieldNames.forEach(f::add);
        return list.toString();
    }

    private String canonical(String field) {
        return fields.getOrDefault(field.toLowerCase(Locale.ROOT), field);
    }

    private static JsonNode findIgnoreCase(JsonNode node, String field) {
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        return null;
    }

    private Object toJava(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return new BigDecimal(value.bigIntegerValue());
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return value.asText();
    }

    private String newId() {
        String digits = String.format("%06d", idSequence.incrementAndGet());
        return to18(keyPrefix + "Ex0000" + digits);
    }

    /** Salesforce's case-insensitive 18-character id: 15-char id plus a 3-char checksum of upper-case positions. */
    static String to18(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("15 characters expected: " + id15);
        }
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(ID_SUFFIX_CHARS.charAt(bits));
        }
        return id15 + suffix;
    }

    private static List<String> segments(String rest) {
        List<String> out = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> parseForm(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String readBody(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
