package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.HubTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/** Returns and reversals that undo earlier credits, and a person's review of bank transactions through the API. */
class ReturnsAndReviewTest extends HubTestBase {

    private static final String ACCOUNT = "FR7630006000011234567890189";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConfigurableApplicationContext context;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final List<Object> published = new CopyOnWriteArrayList<>();
    private ApplicationListener<ApplicationEvent> recorder;

    @BeforeEach
    void recordEvents() {
        recorder = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload) {
                published.add(payload.getPayload());
            }
        };
        context.addApplicationListener(recorder);
    }

    @AfterEach
    void stopRecording() {
        context.removeApplicationListener(recorder);
    }

    private <T> List<T> published(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private String customer(ApiClient api) {
        String id = "C-RR-" + run;
        if (api.get("/api/v1/customers/" + id).status() == 404) {
            assertThat(api.put("/api/v1/customers/" + id, Map.of("name", "Client " + run, "currency", "EUR",
                    "billingEmail", "ap-" + run + "@client.example")).status()).isEqualTo(201);
        }
        return id;
    }

    private String invoice(ApiClient api, String customer, String suffix, String amount) {
        String number = "RR" + run + "-" + suffix;
        assertThat(api.put("/api/v1/invoices/" + number, Map.of("customerId", customer, "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", amount)).status()).isEqualTo(201);
        return number;
    }

    private JsonNode invoiceState(String number) {
        return api().get("/api/v1/invoices/" + number).json();
    }

    private JsonNode upload(String name, byte[] statement) {
        ApiClient.Response r = api().postRaw("/api/v1/bank-statements?fileName=" + name, statement, "application/xml");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private JsonNode transaction(String id) {
        ApiClient.Response r = api().get("/api/v1/bank-transactions/" + id);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private List<String> actions(JsonNode txn) {
        List<String> out = new ArrayList<>();
        txn.get("audit").forEach(a -> out.add(a.get("action").asText() + " " + a.get("invoiceNumber").asText() + " by "
                + a.get("actor").asText()));
        return out;
    }

    /** The id of this run's credit whose remittance contains the text, once registered. */
    private String awaitTransaction(String remittanceContains) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select id::text from recon_transaction where kind = 'CREDIT' and remittance like ? and reason is not null",
                String.class, "%" + remittanceContains + "%"), l -> l.size() == 1).get(0);
    }

    private void awaitStatementHandled(String statementId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where serialized_event like ? and completion_date is null", Integer.class,
                "%" + statementId + "%") == 0);
    }

    @Test
    void aReturnOfAPaidCreditReopensTheInvoice() {
        ApiClient api = api();
        String c = customer(api);
        String number = invoice(api, c, "RET", "500.00");
        String e2e = "E2E-" + run;
        upload("credit-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 2))
                .creditWithEndToEndId("500.00", e2e, "Client " + run, "DE89370400440532013000", "Facture " + number).toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
        String originalId = invoiceState(number).get("allocations").get(0).get("bankTransactionId").asText();

        // the bank takes the money back in a later statement
        upload("return-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 10))
                .returnOf("500.00", e2e, "AC04", "Client " + run, "DE89370400440532013000").toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("OPEN"));
        JsonNode inv = invoiceState(number);
        assertThat(inv.get("openAmount").asText()).isEqualTo("500.00");
        assertThat(inv.get("allocations").get(0).has("reversedAt")).isTrue();
        assertThat(api.get("/api/v1/customers/" + c).json().get("position").get("outstanding").asText()).isEqualTo("500.00");

        JsonNode original = transaction(originalId);
        assertThat(original.get("status").asText()).isEqualTo("RETURNED");
        assertThat(original.get("unapplied").asText()).isEqualTo("0.00");
        assertThat(original.get("allocations").get(0).get("reversalReason").asText()).contains("AC04");
        assertThat(actions(original)).containsExactly("CREATED " + number + " by system", "REVERSED " + number + " by system");
        JsonNode ret = transaction(original.get("returnedByTransactionId").asText());
        assertThat(ret.get("kind").asText()).isEqualTo("RETURN");
        assertThat(ret.get("status").asText()).isEqualTo("RETURN_MATCHED");
        assertThat(ret.get("returnReason").asText()).isEqualTo("AC04");
        assertThat(ret.get("originalTransactionId").asText()).isEqualTo(originalId);
        assertThat(ret.get("reason").asText()).contains("end-to-end id " + e2e);

        PaymentReturned event = published(PaymentReturned.class).stream()
                .filter(e -> e.originalTransactionId().toString().equals(originalId)).findFirst().orElseThrow();
        assertThat(event.reopenedInvoices()).containsExactly(new InvoiceNumber(number));
        assertThat(event.reasonCode()).isEqualTo("AC04");
        assertThat(published(AllocationReversed.class)).anySatisfy(e -> {
            assertThat(e.invoiceNumber().value()).isEqualTo(number);
            assertThat(e.invoiceStatus()).isEqualTo(InvoiceStatus.OPEN);
            assertThat(e.actor()).isEqualTo("system");
        });
    }

    @Test
    void withoutIdsTheReturnIsMatchedByAmountAndIbanAndAnUnknownReturnWaitsForAPerson() {
        ApiClient api = api();
        String c = customer(api);
        String number = invoice(api, c, "IBAN", "120.00");
        String payer = "BE68539007547034";
        upload("credit-iban-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 3))
                .credit("120.00", "Client " + run, payer, "Invoice " + number).toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));

        String unknownE2e = "E2E-NOPE-" + run;
        upload("return-iban-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 12))
                .returnOf("120.00", null, "MD06", "Client " + run, payer)
                .returnOf("77.77", unknownE2e, "AC01", "Nobody " + run, "DE02120300000000202051")
                .toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("120.00"));
        String originalId = invoiceState(number).get("allocations").get(0).get("bankTransactionId").asText();
        JsonNode ret = transaction(transaction(originalId).get("returnedByTransactionId").asText());
        assertThat(ret.get("reason").asText()).contains("amount-counterparty-iban");

        String unknownId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select id::text from recon_transaction where kind = 'RETURN' and end_to_end_ids = ?", String.class, unknownE2e),
                l -> l.size() == 1).get(0);
        JsonNode unknown = transaction(unknownId);
        assertThat(unknown.get("status").asText()).isEqualTo("RETURN_UNMATCHED");
        assertThat(unknown.get("returnReason").asText()).isEqualTo("AC01");
        assertThat(unknown.get("reason").asText()).contains("no credit of that amount").contains("AC01");
        assertThat(api.get("/api/v1/bank-transactions?status=RETURN_UNMATCHED&limit=100").status()).isEqualTo(200);
        assertThat(published(ReturnUnmatched.class)).anySatisfy(e -> assertThat(e.endToEndId()).isEqualTo(unknownE2e));
        // a return is not money to allocate
        ApiClient.Response refused = api.post("/api/v1/bank-transactions/" + unknownId + "/allocations",
                Map.of("allocations", List.of(Map.of("invoiceNumber", number, "amount", "1.00"))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("is a return");
    }

    /** Real file: ABN AMRO's batch reversal of two direct debits (AC06), each found by its end-to-end id. */
    @Test
    void abnAmroBatchReversalUndoesBothCollectedPayments() throws Exception {
        ApiClient api = api();
        String c = customer(api);
        String first = invoice(api, c, "DD1", "564.05");
        String second = invoice(api, c, "DD2", "100.00");
        upload("collection-" + run + ".xml", new Camt053("NL77ABNA0574908765", LocalDate.of(2014, 1, 2))
                .creditWithEndToEndId("564.05", "TESTBANK/NL/20141229/01206408", "Test Customer", "NL46ABNA0499998748", first)
                .creditWithEndToEndId("100.00", "TESTBANK/NL/20141229/01206407", "Test Customer", "NL46ABNA0499998748", second)
                .toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(invoiceState(first).get("status").asText()).isEqualTo("PAID");
            assertThat(invoiceState(second).get("status").asText()).isEqualTo("PAID");
        });

        upload("abnamro-" + run + ".xml",
                Files.readAllBytes(Path.of("src/test/resources/bank-samples/camt053/oca-v2-abnamro-batch-return-reversal.xml")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(invoiceState(first).get("status").asText()).isEqualTo("OPEN");
            assertThat(invoiceState(second).get("status").asText()).isEqualTo("OPEN");
        });
        assertThat(invoiceState(first).get("openAmount").asText()).isEqualTo("564.05");
        assertThat(published(PaymentReturned.class)).extracting(PaymentReturned::reasonCode).contains("AC06", "AC06");
        // the ordinary direct debit of ours (754.25) is no return
        assertThat(jdbc.queryForObject("select count(*) from recon_transaction where amount = 754.25", Integer.class)).isZero();
    }

    /** Real file: Goldman Sachs' credit with RvslInd true (an ACH credit reject) undoes a debit: no payment, no return. */
    @Test
    void aCreditReversalIsNoPayment() throws Exception {
        JsonNode imported = upload("gs-" + run + ".xml",
                Files.readAllBytes(Path.of("src/test/resources/bank-samples/camt053/goldmansachs-v2-us-sample.xml")));
        String statementId = imported.get("statements").get(0).get("statementId").asText();
        awaitStatementHandled(statementId);
        assertThat(jdbc.queryForObject("select count(*) from recon_transaction where statement_id = ?::uuid "
                + "and end_to_end_ids = 'GSGWGDNCTAHQM8'", Integer.class, statementId)).isZero();
        // its ordinary booked credits are registered as payments, and none of its debits is a return
        assertThat(jdbc.queryForObject("select count(*) from recon_transaction where statement_id = ?::uuid "
                + "and end_to_end_ids = 'GTOS4BN19D124XV' and kind = 'CREDIT'", Integer.class, statementId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from recon_transaction where statement_id = ?::uuid and kind = 'RETURN'",
                Integer.class, statementId)).isZero();
    }

    /** Real files: PostFinance returns of our own outgoing transfers are credits, but no customer's payment. */
    @Test
    void returnedOutgoingPaymentsAreNoCustomerPayments() throws Exception {
        for (String sample : List.of("camt054/postfinance-v8-return-collective.xml", "camt054/postfinance-v4-return-single.xml")) {
            JsonNode imported = upload("pf-" + run + "-" + sample.substring(8),
                    Files.readAllBytes(Path.of("src/test/resources/bank-samples", sample)));
            String statementId = imported.get("statements").get(0).get("statementId").asText();
            awaitStatementHandled(statementId);
            assertThat(jdbc.queryForObject("select count(*) from recon_transaction where statement_id = ?::uuid", Integer.class,
                    statementId)).as(sample).isZero();
        }
    }

    @Test
    void aPersonAllocatesAnUnmatchedCreditOverTwoInvoicesAndUndoesOne() {
        ApiClient api = api();
        String c = customer(api);
        String a = invoice(api, c, "MA", "300.00");
        String b = invoice(api, c, "MB", "400.00");
        upload("manual-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 5))
                .credit("500.00", "Client " + run, null, "Merci " + run + " pour tout").toBytes());
        String txn = awaitTransaction("Merci " + run);
        assertThat(transaction(txn).get("status").asText()).isEqualTo("UNMATCHED");
        String path = "/api/v1/bank-transactions/" + txn + "/allocations";

        ApiClient.Response tooMuchForA = api.post(path, Map.of("allocations", List.of(Map.of("invoiceNumber", a, "amount", "300.01"))));
        assertThat(tooMuchForA.status()).isEqualTo(422);
        assertThat(tooMuchForA.json().get("detail").asText()).contains("exceeds its open amount 300.00 EUR");
        ApiClient.Response unknownInvoice = api.post(path, Map.of("allocations",
                List.of(Map.of("invoiceNumber", "RR" + run + "-NONE", "amount", "1.00"))));
        assertThat(unknownInvoice.status()).isEqualTo(422);
        assertThat(unknownInvoice.json().get("detail").asText()).contains("Unknown invoice");
        assertThat(api.post("/api/v1/bank-transactions/" + UUID.randomUUID() + "/allocations",
                Map.of("allocations", List.of(Map.of("invoiceNumber", a, "amount", "1.00")))).status()).isEqualTo(404);

        ApiClient.Response done = api.post(path, Map.of("allocations", List.of(Map.of("invoiceNumber", a, "amount", "300.00"),
                Map.of("invoiceNumber", b, "amount", "200.00")), "note", "Customer called: 300 for " + a));
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(done.json().get("status").asText()).isEqualTo("MATCHED");
        assertThat(done.json().get("unapplied").asText()).isEqualTo("0.00");
        assertThat(invoiceState(a).get("status").asText()).isEqualTo("PAID");
        JsonNode bState = invoiceState(b);
        assertThat(bState.get("status").asText()).isEqualTo("PARTIALLY_PAID");
        assertThat(bState.get("openAmount").asText()).isEqualTo("200.00");
        assertThat(bState.get("allocations").get(0).get("rule").asText()).isEqualTo("manual");

        // over-allocation: nothing is left of the credit
        ApiClient.Response over = api.post(path, Map.of("allocations", List.of(Map.of("invoiceNumber", b, "amount", "100.00"))));
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.json().get("detail").asText()).contains("only 0.00 EUR");

        String allocationB = null;
        for (JsonNode al : done.json().get("allocations")) {
            if (al.get("invoiceNumber").asText().equals(b)) {
                allocationB = al.get("allocationId").asText();
            }
        }
        ApiClient.Response undo = api.delete(path + "/" + allocationB + "?reason=wrong-customer");
        assertThat(undo.status()).as(undo.body()).isEqualTo(204);
        JsonNode reopened = invoiceState(b);
        assertThat(reopened.get("status").asText()).isEqualTo("OPEN");
        assertThat(reopened.get("openAmount").asText()).isEqualTo("400.00");
        JsonNode after = transaction(txn);
        assertThat(after.get("status").asText()).isEqualTo("PARTIALLY_APPLIED");
        assertThat(after.get("unapplied").asText()).isEqualTo("200.00");
        List<String> audit = actions(after);
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0)).startsWith("CREATED ").doesNotEndWith("by system");
        assertThat(audit.get(2)).startsWith("REVERSED " + b + " by ").doesNotEndWith("by system");
        assertThat(after.get("audit").get(2).get("reason").asText()).isEqualTo("wrong-customer");
        assertThat(after.get("audit").get(0).get("reason").asText()).contains("Customer called");

        assertThat(api.delete(path + "/" + allocationB).status()).isEqualTo(409);
        assertThat(api.delete(path + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void twoConcurrentIdenticalAllocationsApplyTheMoneyOnce() throws Exception {
        ApiClient api = api();
        String c = customer(api);
        String number = invoice(api, c, "RACE", "250.00");
        upload("race-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 6))
                .credit("250.00", "Client " + run, null, "Paiement " + run + " divers").toBytes());
        String txn = awaitTransaction("Paiement " + run);
        String path = "/api/v1/bank-transactions/" + txn + "/allocations";
        Map<String, Object> body = Map.of("allocations", List.of(Map.of("invoiceNumber", number, "amount", "250.00")));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return api().post(path, body).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : calls) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        } finally {
            pool.shutdownNow();
        }
        JsonNode inv = invoiceState(number);
        assertThat(inv.get("openAmount").asText()).isEqualTo("0.00");
        assertThat(inv.get("allocations")).hasSize(1);
        assertThat(transaction(txn).get("audit")).hasSize(1);
    }
}
