package io.encaisse.invoices.erp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * In-process emulator of Odoo's external JSON-RPC API ({@code POST /jsonrpc}, JSON-RPC 2.0 method {@code call}) for the
 * parts Encaisse uses: service {@code common} ({@code login}, {@code authenticate}, {@code version}) and service
 * {@code object} {@code execute_kw} with {@code search_read}, {@code search}, {@code read} and {@code search_count} on
 * res.partner, res.partner.bank, res.users, res.currency and account.move.
 * <p>
 * Follows Odoo's documented behaviour: {@code login}/{@code authenticate} answer the uid, or {@code false} for bad
 * credentials; {@code execute_kw} with a bad uid/password answers a JSON-RPC error {@code odoo.exceptions.AccessDenied};
 * a model the user may not read answers {@code odoo.exceptions.AccessError}; an unknown field (in {@code fields}, a
 * domain or {@code order}) answers {@code ValueError}. Errors are HTTP 200 with
 * {@code {"jsonrpc":"2.0","id":..,"error":{"code":200,"message":"Odoo Server Error","data":{"name":..,"message":..,
 * "arguments":[..],"context":{},"debug":..}}}}. Domains: Polish notation with {@code &}, {@code |}, {@code !} and the
 * operators {@code = != in "not in" > >= < <= like ilike}; top-level terms are ANDed; {@code false} is SQL NULL
 * (comparisons with it are false, {@code = false} matches it); many2one fields compare by id; records with
 * {@code active = false} are left out unless the domain names {@code active}. Datetimes are UTC strings
 * {@code yyyy-MM-dd HH:mm:ss}; many2one values are {@code [id, display_name]} or {@code false}; monetary values are JSON
 * numbers. Deviation: without {@code order} records come by id (Odoo uses each model's {@code _order}).
 * <p>
 * Payments as Odoo 17 registers them: {@code account.payment.register} {@code create} (context active_model
 * account.move, active_ids) and {@code action_create_payments} (creates a posted account.payment whose {@code ref} is
 * the wizard's communication, lowers the invoice's amount_residual and moves its payment_state and write_date);
 * {@code account.payment} {@code action_draft} / {@code action_cancel} (unreconcile: the residual goes back up). Errors
 * as Odoo answers them: UserError (not posted, nothing to pay), ValidationError (amount), MissingError.
 * <p>
 * Fault injection ({@link #failNextHttp}, {@link #failNextHttpOn}, {@link #failNextRpc}) and a request log ({@link #calls()}).
 */
public final class OdooEmulator implements AutoCloseable {

    public static final String DATABASE = "encaisse-odoo";
    public static final String LOGIN = "integration@encaisse.io";
    public static final String API_KEY = "0f3c2b7e9a1d4c5b8e6f0a2d4c6b8e0f1a3c5d7e";
    public static final int UID = 2;
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One JSON-RPC call as received, with the HTTP status answered. */
    public record Call(int httpStatus, String service, String method, String model, String modelMethod, JsonNode args,
            JsonNode kwargs, boolean error) {
        /** search_read / search / search_count: the domain (first positional argument, or kwargs.domain). */
        public JsonNode domain() {
            if (args != null && args.size() > 0) {
                return args.get(0);
            }
            return kwargs == null ? null : kwargs.get("domain");
        }

        public int offset() {
            return kwargs == null ? 0 : kwargs.path("offset").asInt(0);
        }

        public boolean isSearchRead(String onModel) {
            return "execute_kw".equals(method) && onModel.equals(model) && "search_read".equals(modelMethod);
        }
    }

    private record Model(String name, String description, Set<String> fields, Set<String> many2one,
            TreeMap<Long, Map<String, Object>> records) {
    }

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Set<String> deniedModels = ConcurrentHashMap.newKeySet();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger httpFailures = new AtomicInteger();
    private volatile int httpFailureStatus = 502;
    private final AtomicInteger rpcFailures = new AtomicInteger();
    private volatile String rpcFailureName = "psycopg2.errors.SerializationFailure";
    private volatile String rpcFailureMessage = "could not serialize access due to concurrent update";
    private final Object lock = new Object();
    private LocalDateTime now = LocalDateTime.of(2026, 11, 1, 8, 0, 0);
    private HttpServer server;
    private ExecutorService executor;

    public OdooEmulator() {
        model("res.partner", "Contact", Set.of("parent_id", "currency_id", "user_id", "country_id", "property_payment_term_id"),
                "name", "display_name", "ref", "email", "lang", "vat", "credit_limit", "currency_id", "user_id", "bank_ids",
                "parent_id", "customer_rank", "is_company", "active", "write_date", "street", "street2", "zip", "city",
                "country_id", "phone", "function", "type", "child_ids", "property_payment_term_id", "category_id");
        model("res.country", "Country", Set.of(), "name", "code", "write_date");
        model("res.partner.category", "Partner Tags", Set.of(), "name", "active", "write_date");
        model("res.partner.bank", "Bank Accounts", Set.of("partner_id"), "acc_number", "partner_id", "active", "write_date");
        model("res.users", "User", Set.of("partner_id"), "name", "login", "email", "partner_id", "active", "write_date");
        model("res.currency", "Currency", Set.of(), "name", "symbol", "decimal_places", "active", "write_date");
        model("account.move", "Journal Entry", Set.of("partner_id", "commercial_partner_id", "currency_id",
                "reversed_entry_id", "journal_id", "invoice_payment_term_id"), "name", "move_type", "state", "partner_id",
                "commercial_partner_id", "invoice_date", "invoice_date_due", "currency_id", "amount_total", "amount_residual",
                "payment_state", "reversed_entry_id", "ref", "journal_id", "write_date", "invoice_payment_term_id");
        model("account.payment", "Payments", Set.of("partner_id", "journal_id"), "name", "ref", "amount", "date", "state",
                "partner_id", "journal_id", "payment_type", "reconciled_invoice_ids", "write_date");
        model("account.payment.register", "Register Payment", Set.of("journal_id"), "payment_date", "amount", "communication",
                "journal_id", "write_date");
        put("res.users", UID, Map.of("name", "Integration", "login", LOGIN, "email", LOGIN, "active", true));
        put("res.currency", 1, Map.of("name", "EUR", "symbol", "€", "decimal_places", 2, "active", true));
        put("res.currency", 2, Map.of("name", "USD", "symbol", "$", "decimal_places", 2, "active", true));
    }

    private void model(String name, String description, Set<String> many2one, String... fields) {
        Set<String> all = new LinkedHashSet<>(List.of("id"));
        all.addAll(List.of(fields));
        all.add("create_date");
        models.put(name, new Model(name, description, all, many2one, new TreeMap<>()));
    }

    // --- lifecycle

    public OdooEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // --- data (tests)

    /** Creates or replaces a record; write_date is the emulator's clock unless given. */
    public void put(String model, long id, Map<String, ?> values) {
        Model m = model(model);
        synchronized (lock) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (String f : m.fields()) {
                record.put(f, false);
            }
            if (m.fields().contains("active")) {
                record.put("active", true);
            }
            record.putAll(values);
            record.put("id", id);
            record.putIfAbsent("write_date", DATETIME.format(now));
            if (record.get("write_date") == Boolean.FALSE) {
                record.put("write_date", DATETIME.format(now));
            }
            record.put("create_date", record.get("write_date"));
            unknownFields(m, record.keySet());
            m.records().put(id, record);
        }
    }

    /** Changes a record the way a user's save does: the write_date moves to the (advanced) clock. */
    public void write(String model, long id, Map<String, ?> changes) {
        Model m = model(model);
        synchronized (lock) {
            Map<String, Object> record = m.records().get(id);
            if (record == null) {
                throw new IllegalArgumentException("No " + model + " " + id);
            }
            unknownFields(m, changes.keySet());
            record.putAll(changes);
            now = now.plusSeconds(1);
            record.put("write_date", DATETIME.format(now));
        }
    }

    public Map<String, Object> record(String model, long id) {
        synchronized (lock) {
            Map<String, Object> r = model(model).records().get(id);
            return r == null ? null : new LinkedHashMap<>(r);
        }
    }

    public int count(String model) {
        synchronized (lock) {
            return model(model).records().size();
        }
    }

    /** The clock that stamps write_date. */
    public LocalDateTime now() {
        synchronized (lock) {
            return now;
        }
    }

    public void advance(long seconds) {
        synchronized (lock) {
            now = now.plusSeconds(seconds);
        }
    }

    /** The integration user may not read this model (AccessError). */
    public void deny(String model) {
        deniedModels.add(model);
    }

    public void allow(String model) {
        deniedModels.remove(model);
    }

    // --- fault injection and log

    /** The next {@code count} requests fail with this HTTP status (like the reverse proxy in front of Odoo). */
    public void failNextHttp(int count, int status) {
        httpFailureStatus = status;
        httpFailures.set(count);
    }

    private final Map<String, AtomicInteger> modelHttpFailures = new ConcurrentHashMap<>();

    /** The next {@code count} execute_kw calls on {@code model} fail with this HTTP status (others pass). */
    public void failNextHttpOn(String model, int count, int status) {
        httpFailureStatus = status;
        modelHttpFailures.put(model, new AtomicInteger(count));
    }

    /** The next {@code count} calls answer this JSON-RPC error (HTTP 200). */
    public void failNextRpc(int count, String exceptionName, String message) {
        rpcFailureName = exceptionName;
        rpcFailureMessage = message;
        rpcFailures.set(count);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    // --- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!"/jsonrpc".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/html", "<html><body><h1>404: Not Found</h1></body></html>");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/html", "<html><body><h1>405: Method Not Allowed</h1></body></html>");
                return;
            }
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (IOException e) {
                respond(exchange, 400, "text/html", "<html><body><h1>400: Bad Request</h1></body></html>");
                return;
            }
            JsonNode params = request.path("params");
            JsonNode args = params.path("args");
            String service = params.path("service").asText();
            String method = params.path("method").asText();
            boolean executeKw = "object".equals(service) && "execute_kw".equals(method);
            String model = executeKw ? args.path(3).asText() : null;
            String modelMethod = executeKw ? args.path(4).asText() : null;
            JsonNode modelArgs = executeKw ? args.path(5) : null;
            JsonNode kwargs = executeKw ? args.path(6) : null;
            AtomicInteger onModel = model == null ? null : modelHttpFailures.get(model);
            boolean modelFails = onModel != null && onModel.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (modelFails || httpFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                int status = httpFailureStatus;
                calls.add(new Call(status, service, method, model, modelMethod, modelArgs, kwargs, true));
                respond(exchange, status, "text/html", "<html><head><title>" + status + " Bad Gateway</title></head><body>"
                        + "<center><h1>" + status + " Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
                return;
            }
            JsonNode id = request.get("id");
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("jsonrpc", "2.0");
            answer.set("id", id);
            boolean error = false;
            try {
                if (rpcFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new OdooError(rpcFailureName, rpcFailureMessage);
                }
                answer.set("result", dispatch(service, method, args));
            } catch (OdooError e) {
                error = true;
                answer.set("error", errorObject(e));
            }
            calls.add(new Call(200, service, method, model, modelMethod, modelArgs, kwargs, error));
            respond(exchange, 200, "application/json", json.writeValueAsString(answer));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class OdooError extends RuntimeException {
        final String name;

        OdooError(String name, String message) {
            super(message);
            this.name = name;
        }
    }

    private ObjectNode errorObject(OdooError e) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", 200);
        error.put("message", "Odoo Server Error");
        ObjectNode data = error.putObject("data");
        data.put("name", e.name);
        data.put("debug", "Traceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/odoo/http.py\", line 1765, "
                + "in _serve_db\n    return service_model.retrying(self._serve_ir_http, self.env)\n" + e.name + ": " + e.getMessage() + "\n");
        data.put("message", e.getMessage());
        data.putArray("arguments").add(e.getMessage());
        data.putObject("context");
        return error;
    }

    // --- services

    private JsonNode dispatch(String service, String method, JsonNode args) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (service) {
            case "common" -> {
                switch (method) {
                    case "version" -> {
                        ObjectNode v = f.objectNode();
                        v.put("server_version", "17.0");
                        v.putArray("server_version_info").add(17).add(0).add(0).add("final").add(0).add("");
                        v.put("server_serie", "17.0");
                        v.put("protocol_version", 1);
                        return v;
                    }
                    case "login", "authenticate" -> {
                        checkDatabase(args.path(0).asText());
                        boolean ok = LOGIN.equals(args.path(1).asText()) && API_KEY.equals(args.path(2).asText());
                        return ok ? f.numberNode(UID) : f.booleanNode(false);
                    }
                    default -> throw new OdooError("builtins.NameError", "Method not available " + method);
                }
            }
            case "object" -> {
                if (!"execute_kw".equals(method) && !"execute".equals(method)) {
                    throw new OdooError("builtins.NameError", "Method not available " + method);
                }
                checkDatabase(args.path(0).asText());
                if (args.path(1).asInt(-1) != UID || !API_KEY.equals(args.path(2).asText())) {
                    throw new OdooError("odoo.exceptions.AccessDenied", "Access Denied");
                }
                String model = args.path(3).asText();
                Model m = models.get(model);
                if (m == null) {
                    throw new OdooError("odoo.exceptions.UserError", "Object " + model + " doesn't exist");
                }
                if (deniedModels.contains(model)) {
                    throw new OdooError("odoo.exceptions.AccessError", "You are not allowed to access '" + m.description()
                            + "' (" + model + ") records.\n\nThis operation is allowed for the following groups:\n\t- "
                            + "Accounting/Billing\n\nContact your administrator to request access if necessary.");
                }
                JsonNode positional = args.path(5).isArray() ? args.path(5) : f.arrayNode();
                JsonNode kwargs = args.path(6).isObject() ? args.path(6) : f.objectNode();
                return execute(m, args.path(4).asText(), positional, kwargs);
            }
            default -> throw new OdooError("builtins.NameError", "Service " + service + " not available");
        }
    }

    private void checkDatabase(String db) {
        if (!DATABASE.equals(db)) {
            throw new OdooError("psycopg2.OperationalError",
                    "connection to server failed: FATAL:  database \"" + db + "\" does not exist");
        }
    }

    private JsonNode execute(Model m, String method, JsonNode args, JsonNode kwargs) {
        synchronized (lock) {
            return switch (method) {
                case "search_read" -> {
                    List<Map<String, Object>> found = search(m, arg(args, kwargs, 0, "domain"), kwargs);
                    yield records(m, found, fieldsOf(m, arg(args, kwargs, 1, "fields")));
                }
                case "search" -> {
                    ArrayNode ids = JsonNodeFactory.instance.arrayNode();
                    search(m, arg(args, kwargs, 0, "domain"), kwargs).forEach(r -> ids.add(((Number) r.get("id")).longValue()));
                    yield ids;
                }
                case "search_count" -> JsonNodeFactory.instance.numberNode(filter(m, arg(args, kwargs, 0, "domain")).size());
                case "read" -> {
                    JsonNode idsNode = arg(args, kwargs, 0, "ids");
                    List<Map<String, Object>> found = new ArrayList<>();
                    List<Long> missing = new ArrayList<>();
                    for (JsonNode id : idsNode == null ? JsonNodeFactory.instance.arrayNode() : idsNode) {
                        Map<String, Object> r = m.records().get(id.asLong());
                        if (r == null) {
                            missing.add(id.asLong());
                        } else {
                            found.add(r);
                        }
                    }
                    if (!missing.isEmpty()) {
                        throw new OdooError("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n"
                                + "(Record: " + m.name() + "(" + missing.get(0) + ",), User: " + UID + ")");
                    }
                    yield records(m, found, fieldsOf(m, arg(args, kwargs, 1, "fields")));
                }
                case "create" -> registerWizard(m, args, kwargs);
                case "action_create_payments" -> createPayments(m, args);
                case "action_draft", "action_cancel" -> resetPayments(m, method, args);
                default -> throw new OdooError("builtins.AttributeError",
                        "The method '" + method + "' does not exist on the model '" + m.name() + "'");
            };
        }
    }

    // --- payments: the account.payment.register wizard (Odoo 17) and account.payment's draft/cancel

    private final Map<Long, Long> wizardMoves = new ConcurrentHashMap<>();
    private final AtomicInteger paymentSequence = new AtomicInteger();

    /** account.payment.register.create(vals) with context active_model=account.move, active_ids=[move]. */
    private JsonNode registerWizard(Model m, JsonNode args, JsonNode kwargs) {
        if (!"account.payment.register".equals(m.name())) {
            throw new OdooError("odoo.exceptions.AccessError", "The emulator only creates account.payment.register records");
        }
        JsonNode context = kwargs.path("context");
        if (!"account.move".equals(context.path("active_model").asText()) || context.path("active_ids").size() != 1) {
            throw new OdooError("odoo.exceptions.UserError",
                    "The register payment wizard should only be called on account.move or account.move.line records.");
        }
        long moveId = context.path("active_ids").get(0).asLong();
        Map<String, Object> move = model("account.move").records().get(moveId);
        if (move == null) {
            throw new OdooError("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: account.move("
                    + moveId + ",), User: " + UID + ")");
        }
        if (!"posted".equals(move.get("state"))) {
            throw new OdooError("odoo.exceptions.UserError", "You can only register payment for posted journal entries.");
        }
        if (new BigDecimal(String.valueOf(move.get("amount_residual"))).signum() <= 0) {
            throw new OdooError("odoo.exceptions.UserError",
                    "You can't register a payment because there is nothing left to pay on the selected journal items.");
        }
        JsonNode vals = args.path(0);
        Map<String, Object> record = new LinkedHashMap<>();
        vals.fields().forEachRemaining(f -> {
            if (!m.fields().contains(f.getKey())) {
                throw new OdooError("builtins.ValueError", "Invalid field '" + f.getKey() + "' on model '" + m.name() + "'");
            }
            record.put(f.getKey(), plainJson(f.getValue()));
        });
        if (!record.containsKey("amount") || new BigDecimal(String.valueOf(record.get("amount"))).signum() <= 0) {
            throw new OdooError("odoo.exceptions.ValidationError", "The payment amount must be strictly positive.");
        }
        long id = m.records().isEmpty() ? 1 : m.records().lastKey() + 1;
        record.put("id", id);
        m.records().put(id, record);
        wizardMoves.put(id, moveId);
        return JsonNodeFactory.instance.numberNode(id);
    }

    /** Creates, posts and reconciles the payment: the invoice's amount_residual and payment_state move, write_date too. */
    private JsonNode createPayments(Model m, JsonNode args) {
        long wizardId = args.path(0).path(0).asLong();
        Map<String, Object> wizard = m.records().get(wizardId);
        if (wizard == null) {
            throw new OdooError("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: "
                    + "account.payment.register(" + wizardId + ",), User: " + UID + ")");
        }
        long moveId = wizardMoves.get(wizardId);
        Map<String, Object> move = model("account.move").records().get(moveId);
        BigDecimal amount = new BigDecimal(String.valueOf(wizard.get("amount")));
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("name", "PBNK1/2026/" + String.format("%05d", paymentSequence.incrementAndGet()));
        payment.put("ref", wizard.getOrDefault("communication", false));
        payment.put("amount", amount);
        payment.put("date", wizard.getOrDefault("payment_date", false));
        payment.put("state", "posted");
        payment.put("partner_id", move.get("commercial_partner_id"));
        payment.put("payment_type", "inbound");
        payment.put("reconciled_invoice_ids", List.of(moveId));
        long id = model("account.payment").records().isEmpty() ? 1 : model("account.payment").records().lastKey() + 1;
        put("account.payment", id, payment);
        moveResidual(moveId, amount.negate());
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        action.put("name", "Payments");
        action.put("type", "ir.actions.act_window");
        action.put("res_model", "account.payment");
        action.putObject("context").put("create", false);
        action.put("view_mode", "form");
        action.put("res_id", id);
        return action;
    }

    /** action_draft unposts and unreconciles (the invoice is open again by the amount); action_cancel cancels. */
    private JsonNode resetPayments(Model m, String method, JsonNode args) {
        if (!"account.payment".equals(m.name())) {
            throw new OdooError("builtins.AttributeError", "The method '" + method + "' does not exist on the model '" + m.name() + "'");
        }
        for (JsonNode idNode : args.path(0)) {
            Map<String, Object> payment = m.records().get(idNode.asLong());
            if (payment == null) {
                throw new OdooError("odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: "
                        + "account.payment(" + idNode.asLong() + ",), User: " + UID + ")");
            }
            String state = String.valueOf(payment.get("state"));
            if ("posted".equals(state)) {
                for (Object move : (List<?>) payment.get("reconciled_invoice_ids")) {
                    moveResidual(((Number) move).longValue(), new BigDecimal(String.valueOf(payment.get("amount"))));
                }
            }
            write("account.payment", idNode.asLong(), Map.of("state", "action_draft".equals(method) ? "draft" : "cancel",
                    "reconciled_invoice_ids", List.of()));
        }
        return JsonNodeFactory.instance.booleanNode(true);
    }

    private void moveResidual(long moveId, BigDecimal change) {
        Map<String, Object> move = model("account.move").records().get(moveId);
        BigDecimal total = new BigDecimal(String.valueOf(move.get("amount_total")));
        BigDecimal residual = new BigDecimal(String.valueOf(move.get("amount_residual"))).add(change).max(BigDecimal.ZERO).min(total);
        write("account.move", moveId, Map.of("amount_residual", residual,
                "payment_state", residual.signum() == 0 ? "in_payment" : residual.compareTo(total) < 0 ? "partial" : "not_paid"));
    }

    private static JsonNode arg(JsonNode args, JsonNode kwargs, int position, String name) {
        if (args.size() > position) {
            return args.get(position);
        }
        return kwargs.get(name);
    }

    private List<String> fieldsOf(Model m, JsonNode fields) {
        List<String> out = new ArrayList<>();
        if (fields == null || fields.isNull() || fields.isEmpty()) {
            out.addAll(m.fields());
            return out;
        }
        for (JsonNode f : fields) {
            if (!m.fields().contains(f.asText())) {
                throw new OdooError("builtins.ValueError", "Invalid field '" + f.asText() + "' on model '" + m.name() + "'");
            }
            out.add(f.asText());
        }
        return out;
    }

    private ArrayNode records(Model m, List<Map<String, Object>> found, List<String> fields) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Map<String, Object> r : found) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("id", r.get("id"));
            for (String f : fields) {
                shown.put(f, r.get(f));
            }
            out.add(json.valueToTree(shown));
        }
        return out;
    }

    private List<Map<String, Object>> search(Model m, JsonNode domain, JsonNode kwargs) {
        List<Map<String, Object>> found = filter(m, domain);
        JsonNode order = kwargs.get("order");
        found.sort(comparator(m, order == null || order.isNull() || order.asText().isBlank() ? "id" : order.asText()));
        int offset = kwargs.path("offset").asInt(0);
        JsonNode limitNode = kwargs.get("limit");
        int limit = limitNode == null || limitNode.isNull() || limitNode.asInt() <= 0 ? Integer.MAX_VALUE : limitNode.asInt();
        if (offset >= found.size()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(found.subList(offset, (int) Math.min(found.size(), (long) offset + limit)));
    }

    private Comparator<Map<String, Object>> comparator(Model m, String order) {
        Comparator<Map<String, Object>> result = null;
        for (String part : order.split(",")) {
            String[] words = part.trim().split("\\s+");
            String field = words[0];
            if (!m.fields().contains(field)) {
                throw new OdooError("builtins.ValueError", "Invalid field '" + field + "' on model '" + m.name() + "'");
            }
            boolean desc = words.length > 1 && words[1].equalsIgnoreCase("desc");
            Comparator<Map<String, Object>> c = (a, b) -> compareForOrder(plain(m, field, a.get(field)), plain(m, field, b.get(field)));
            if (desc) {
                c = c.reversed();
            }
            result = result == null ? c : result.thenComparing(c);
        }
        return result;
    }

    /** NULL (false) sorts last in ascending order, as in PostgreSQL. */
    private static int compareForOrder(Object a, Object b) {
        boolean aNull = a == null || a == Boolean.FALSE;
        boolean bNull = b == null || b == Boolean.FALSE;
        if (aNull || bNull) {
            return aNull == bNull ? 0 : aNull ? 1 : -1;
        }
        Integer c = compare(a, b);
        return c == null ? 0 : c;
    }

    private List<Map<String, Object>> filter(Model m, JsonNode domain) {
        Predicate<Map<String, Object>> p = compile(m, domain == null || domain.isNull() ? JsonNodeFactory.instance.arrayNode() : domain);
        boolean mentionsActive = domain != null && domain.toString().contains("\"active\"");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : m.records().values()) {
            if (!mentionsActive && m.fields().contains("active") && Boolean.FALSE.equals(r.get("active"))) {
                continue;
            }
            if (p.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Polish notation, read from the right with a stack; what is left on the stack is ANDed. */
    private Predicate<Map<String, Object>> compile(Model m, JsonNode domain) {
        if (!domain.isArray()) {
            throw new OdooError("builtins.ValueError", "Invalid domain " + domain);
        }
        Deque<Predicate<Map<String, Object>>> stack = new ArrayDeque<>();
        for (int i = domain.size() - 1; i >= 0; i--) {
            JsonNode term = domain.get(i);
            if (term.isTextual()) {
                switch (term.asText()) {
                    case "&", "|" -> {
                        if (stack.size() < 2) {
                            throw new OdooError("builtins.ValueError", "Invalid domain: operator " + term + " lacks operands");
                        }
                        Predicate<Map<String, Object>> a = stack.pop();
                        Predicate<Map<String, Object>> b = stack.pop();
                        stack.push(term.asText().equals("&") ? a.and(b) : a.or(b));
                    }
                    case "!" -> {
                        if (stack.isEmpty()) {
                            throw new OdooError("builtins.ValueError", "Invalid domain: operator ! lacks its operand");
                        }
                        stack.push(stack.pop().negate());
                    }
                    default -> throw new OdooError("builtins.ValueError", "Invalid domain term " + term);
                }
            } else if (term.isArray() && term.size() == 3) {
                stack.push(leaf(m, term));
            } else {
                throw new OdooError("builtins.ValueError", "Invalid leaf " + term);
            }
        }
        Predicate<Map<String, Object>> all = r -> true;
        while (!stack.isEmpty()) {
            all = all.and(stack.pop());
        }
        return all;
    }

    private Predicate<Map<String, Object>> leaf(Model m, JsonNode term) {
        String field = term.get(0).asText();
        String op = term.get(1).asText().toLowerCase(Locale.ROOT);
        JsonNode value = term.get(2);
        if (!m.fields().contains(field)) {
            throw new OdooError("builtins.ValueError", "Invalid field " + m.name() + "." + field + " in leaf " + term);
        }
        Object expected = plainJson(value);
        return switch (op) {
            case "=" -> r -> equal(plain(m, field, r.get(field)), expected);
            case "!=" -> r -> !equal(plain(m, field, r.get(field)), expected);
            case "in", "not in" -> {
                if (!value.isArray()) {
                    throw new OdooError("builtins.ValueError", "Invalid leaf " + term + ": 'in' needs a list");
                }
                List<Object> values = new ArrayList<>();
                value.forEach(v -> values.add(plainJson(v)));
                Predicate<Map<String, Object>> in = r -> {
                    Object actual = plain(m, field, r.get(field));
                    return values.stream().anyMatch(v -> equal(actual, v));
                };
                yield op.equals("in") ? in : in.negate();
            }
            case ">", ">=", "<", "<=" -> r -> {
                Integer c = compare(plain(m, field, r.get(field)), expected);
                if (c == null) {
                    return false;
                }
                return switch (op) {
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    case "<" -> c < 0;
                    default -> c <= 0;
                };
            };
            case "like", "ilike" -> r -> {
                Object actual = plain(m, field, r.get(field));
                if (!(actual instanceof String s)) {
                    return false;
                }
                String needle = String.valueOf(expected);
                return op.equals("like") ? s.contains(needle) : s.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
            };
            default -> throw new OdooError("builtins.ValueError", "Invalid leaf " + term);
        };
    }

    /** A stored value as compared in SQL: many2one by id; false is NULL. */
    private static Object plain(Model m, String field, Object value) {
        if (value instanceof List<?> list && m.many2one().contains(field)) {
            return list.isEmpty() ? Boolean.FALSE : list.get(0);
        }
        return value;
    }

    private static Object plainJson(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isNull()) {
            return Boolean.FALSE;
        }
        return v.asText();
    }

    private static boolean equal(Object actual, Object expected) {
        if (expected == Boolean.FALSE) {
            return actual == null || actual == Boolean.FALSE;
        }
        if (actual == null || actual == Boolean.FALSE) {
            return false;
        }
        if (actual instanceof Number a && expected instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(String.valueOf(actual), String.valueOf(expected));
    }

    /** null when either side is NULL (false) or the types do not compare. */
    private static Integer compare(Object actual, Object expected) {
        if (actual == null || actual == Boolean.FALSE || expected == null || expected == Boolean.FALSE) {
            return null;
        }
        if (actual instanceof Number a && expected instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (actual instanceof String a && expected instanceof String b) {
            return a.compareTo(b);
        }
        return null;
    }

    private Model model(String name) {
        Model m = models.get(name);
        if (m == null) {
            throw new IllegalArgumentException("The emulator has no model " + name);
        }
        return m;
    }

    private static void unknownFields(Model m, Set<String> names) {
        for (String n : names) {
            if (!m.fields().contains(n)) {
                throw new IllegalArgumentException("Model " + m.name() + " has no field " + n);
            }
        }
    }
}
