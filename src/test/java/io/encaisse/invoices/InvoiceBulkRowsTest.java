package io.encaisse.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.shared.InvoiceNumberKeys;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What V18 changed under the batch import: the number keys computed in Java equal V2's SQL, no invoice points at a missing
 * customer without the foreign key, and two concurrent overlapping batches neither duplicate nor lose anything.
 */
class InvoiceBulkRowsTest extends HubTestBase {

    /** V2's generated-column expressions, verbatim. */
    static final String SQL_KEY = "regexp_replace(regexp_replace(upper(n), '[^A-Z0-9]', '', 'g'), '(^|[A-Z])0+([0-9])', '\\1\\2', 'g')";
    static final String SQL_DIGITS = "ltrim(regexp_replace(n, '[^0-9]', '', 'g'), '0')";

    @Autowired
    JdbcTemplate jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @Test
    void javaKeysEqualTheSqlTheColumnsWereGeneratedWith() {
        List<String> numbers = new ArrayList<>(List.of("INV-2026-001", "inv-0042", "0", "000", "0007", "00A", "A0", "A00",
                "A0B0C0", "A00B007", "a0-0b", "0A0", "INV.00.00.1", "X:0/0_0-7", "F-000-000", "2026-0042", "INV0", "INV00X",
                "Z9", "z09", "A-0", "AB0.0", "0a00b000c1", "F/0001/00", "9-0-0-9", "A_0_1", "ÄB0012", "ß001", "i0x"));
        Random r = new Random(5);
        String alphabet = "AaBbZz0123456789._:/-0000";
        for (int i = 0; i < 3_000; i++) {
            StringBuilder n = new StringBuilder();
            for (int k = 1 + r.nextInt(14); k > 0; k--) {
                n.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            numbers.add(n.toString());
        }
        List<String[]> sql = jdbc.query("select n, " + SQL_KEY + ", " + SQL_DIGITS + " from unnest(?::varchar[]) as t(n)",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                (Object) numbers.toArray(String[]::new));
        assertThat(sql).hasSize(numbers.size());
        for (String[] row : sql) {
            if (!row[0].chars().allMatch(c -> c < 128)) {
                continue; // invoice numbers are ASCII (InvoiceNumber); upper() of other letters depends on the collation
            }
            assertThat(InvoiceNumberKeys.key(row[0])).as("key of %s", row[0]).isEqualTo(row[1]);
            assertThat(InvoiceNumberKeys.digits(row[0])).as("digits of %s", row[0]).isEqualTo(row[2]);
        }

        // and what the invoices module stored, by either path, is what V2 would have generated
        ApiClient api = api();
        String customer = "C-K-" + run;
        api.put("/api/v1/customers/" + customer, Map.of("name", "Keys", "currency", "EUR"));
        api.put("/api/v1/invoices/k" + run + "-00.07", invoice(customer, "5.00"));
        api.post("/api/v1/invoices/batch", Map.of("invoices", List.of(record("K" + run + "-0.0:01", customer, "6.00"),
                record("k-" + run + "/000", customer, "7.00"))));
        assertThat(jdbc.queryForObject("select count(*) from invoice where invoice_number like ?", Integer.class, "%" + run + "%"))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from (select invoice_number as n, number_key, number_digits from invoice) i"
                + " where number_key is distinct from " + SQL_KEY + " or number_digits is distinct from " + SQL_DIGITS, Integer.class))
                .isZero();
    }

    @Test
    void noInvoicePointsAtAMissingCustomerWithoutTheForeignKey() {
        ApiClient api = api();
        String a = "C-IA-" + run;
        String b = "C-IB-" + run;
        api.put("/api/v1/customers/" + a, Map.of("name", "Integrity A", "currency", "EUR"));
        api.put("/api/v1/customers/" + b, Map.of("name", "Integrity B", "currency", "EUR"));
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(record("I" + run + "-" + i, i % 7 == 0 ? "C-GONE-" + run : a, "10.00"));
        }
        JsonNode first = api.post("/api/v1/invoices/batch", Map.of("invoices", records)).json().get("summary");
        assertThat(first.get("rejected").asInt()).isEqualTo(43);
        // moved between customers by a batch and by a single upsert; unknown customers stay rejected
        for (int i = 0; i < 300; i += 2) {
            records.set(i, record("I" + run + "-" + i, i % 7 == 0 ? "C-GONE-" + run : b, "10.00"));
        }
        api.post("/api/v1/invoices/batch", Map.of("invoices", records));
        api.put("/api/v1/invoices/I" + run + "-1", invoice(b, "10.00"));
        assertThat(api.putInvalid("/api/v1/invoices/I" + run + "-3", invoice("C-GONE-" + run, "10.00")).status()).isEqualTo(422);

        assertThat(jdbc.queryForObject("select count(*) from pg_constraint where conrelid = 'invoice'::regclass and contype = 'f'",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from invoice where invoice_number like ?", Integer.class, "I" + run + "-%"))
                .isEqualTo(257);
        assertThat(jdbc.queryForObject("select count(*) from invoice i where not exists (select 1 from customer c where c.id = i.customer_id)",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from invoice i join customer c on c.id = i.customer_id"
                + " where i.invoice_number like ? and c.customer_ref = ?", Integer.class, "I" + run + "-%", b)).isEqualTo(129);
    }

    @Test
    void twoConcurrentOverlappingBatchesNeitherDuplicateNorLose() throws Exception {
        ApiClient api = api();
        String customer = "C-P-" + run;
        api.put("/api/v1/customers/" + customer, Map.of("name", "Parallel", "currency", "EUR"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                // the same 1,500 invoices in both, plus 1,000 of each own; one in reverse order; round 2 changes amounts
                String amount = round == 2 ? "20.00" : "10.00";
                List<Map<String, Object>> x = new ArrayList<>();
                List<Map<String, Object>> y = new ArrayList<>();
                for (int i = 0; i < 3_500; i++) {
                    String number = "P" + run + "-" + (round == 2 ? 1 : round) + "-" + i;
                    if (i < 2_500) {
                        x.add(record(number, customer, amount));
                    }
                    if (i >= 1_000) {
                        y.add(record(number, customer, amount));
                    }
                }
                Collections.reverse(y);
                CountDownLatch go = new CountDownLatch(1);
                Future<ApiClient.Response> fx = pool.submit(() -> {
                    go.await();
                    return api().call("POST", "/api/v1/invoices/batch", Map.of("invoices", x), true);
                });
                Future<ApiClient.Response> fy = pool.submit(() -> {
                    go.await();
                    return api().call("POST", "/api/v1/invoices/batch", Map.of("invoices", y), true);
                });
                go.countDown();
                ApiClient.Response rx = fx.get();
                ApiClient.Response ry = fy.get();
                assertThat(rx.status()).as(rx.body()).isEqualTo(200);
                assertThat(ry.status()).as(ry.body()).isEqualTo(200);
                Map<String, Integer> total = new HashMap<>();
                for (ApiClient.Response response : List.of(rx, ry)) {
                    response.json().get("summary").fields().forEachRemaining(f -> total.merge(f.getKey(), f.getValue().asInt(), Integer::sum));
                }
                assertThat(total.get("rejected")).isZero();
                if (round < 2) {
                    assertThat(total.get("created")).as("round %d", round).isEqualTo(3_500);
                    assertThat(total.get("unchanged")).isEqualTo(1_500);
                } else {
                    assertThat(total.get("updated")).isEqualTo(3_500);
                    assertThat(total.get("unchanged")).isEqualTo(1_500);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int round = 0; round < 2; round++) {
            String counts = jdbc.queryForObject("select count(*) || '/' || count(distinct invoice_number) from invoice"
                    + " where invoice_number like ?", String.class, "P" + run + "-" + round + "-%");
            assertThat(counts).isEqualTo("3500/3500");
        }
        assertThat(jdbc.queryForObject("select count(*) from invoice where invoice_number like ? and amount = 20",
                Integer.class, "P" + run + "-1-%")).isEqualTo(3_500);
        // exactly once: one upsert event per created or changed invoice, none from a rolled-back attempt
        Map<String, Integer> events = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String event : jdbc.queryForList("select serialized_event from event_publication where event_type like '%.InvoiceBatchUpserted'"
                + " and listener_id like '%Reconciliation%' and serialized_event like ?", String.class, "%P" + run + "-%")) {
            for (JsonNode u : json.readTree(event).get("upserted")) {
                events.merge(u.get("number").toString() + u.get("created").asBoolean(), 1, Integer::sum);
            }
        }
        assertThat(events).hasSize(3_500 * 3);
        assertThat(events.values()).allMatch(n -> n == 1);
        assertThat(api.get("/api/v1/customers/" + customer).json().get("position").get("openInvoices").asInt()).isEqualTo(7_000);
    }

    private static Map<String, Object> record(String number, String customer, String amount) {
        Map<String, Object> r = invoice(customer, amount);
        r.put("invoiceNumber", number);
        return r;
    }

    private static Map<String, Object> invoice(String customer, String amount) {
        return new HashMap<>(Map.of("customerId", customer, "issueDate", "2026-11-01", "dueDate", "2026-12-01", "currency", "EUR",
                "amount", amount));
    }
}
