package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.reconciliation.internal.domain.RfReference;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.HubTestBase;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The matching rules and decisions end to end (default configuration: threshold 90, margin 10, tolerance 1.00 / 0.5 %).
 * SUGGESTED rows are read through {@link Reconciliation}: the contract does not list that status yet.
 */
class ReconciliationRulesTest extends HubTestBase {

    private static final String ACCOUNT = "FR7630006000011234567890189";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Reconciliation reconciliation;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    /** A German IBAN with valid check digits, unique to the test. */
    private static String newIban() {
        StringBuilder bban = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            bban.append(ThreadLocalRandom.current().nextInt(10));
        }
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
        return "DE" + (check < 10 ? "0" + check : check) + bban;
    }

    private String customer(String suffix, String name, String... ibans) {
        String id = "C-RU-" + run + "-" + suffix;
        assertThat(api().put("/api/v1/customers/" + id, Map.of("name", name, "currency", "EUR", "billingEmail",
                "ap-" + run + "@client.example", "ibans", List.of(ibans))).status()).isEqualTo(201);
        return id;
    }

    private String invoice(String customer, String number, String amount) {
        assertThat(api().put("/api/v1/invoices/" + number, Map.of("customerId", customer, "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", "EUR", "amount", amount)).status()).isEqualTo(201);
        return number;
    }

    private JsonNode invoiceState(String number) {
        return api().get("/api/v1/invoices/" + number).json();
    }

    private void upload(String name, byte[] statement) {
        ApiClient.Response r = api().postRaw("/api/v1/bank-statements?fileName=" + name, statement, "application/xml");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** The credit whose remittance contains the marker, once decided. */
    private TransactionView decided(String marker) {
        String id = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select id::text from recon_transaction where kind = 'CREDIT' and remittance like ? and reason is not null",
                String.class, "%" + marker + "%"), l -> l.size() == 1).get(0);
        return reconciliation.transaction(new BankTransactionId(UUID.fromString(id))).orElseThrow();
    }

    @Test
    void aPaymentQuotingTheRfReferenceOfOurInvoiceIsMatched() {
        String c = customer("RF", "Rf Client " + run);
        String number = invoice(c, "RFI-" + run + "-0001", "420.00");
        String rf = RfReference.forInvoice(number);
        String marker = "STRD-" + run;
        // the reference in the structured remittance (RmtInf/Strd/CdtrRefInf), the text says nothing of the invoice
        String xml = new String(new Camt053(ACCOUNT, LocalDate.of(2026, 11, 20))
                .credit("420.00", "Rf Client " + run, null, marker).toBytes(), StandardCharsets.UTF_8)
                .replace("<RmtInf><Ustrd>" + marker + "</Ustrd></RmtInf>", "<RmtInf><Ustrd>" + marker + "</Ustrd><Strd><CdtrRefInf>"
                        + "<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>" + rf + "</Ref></CdtrRefInf></Strd></RmtInf>");
        upload("rf-" + run + ".xml", xml.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
        JsonNode allocation = invoiceState(number).get("allocations").get(0);
        assertThat(allocation.get("rule").asText()).isEqualTo("structured-reference");
        assertThat(allocation.get("explanation").asText()).contains(rf).contains("score 100");
        assertThat(decided(marker).status()).isEqualTo(TransactionStatus.MATCHED);
    }

    @Test
    void anRfReferenceWrittenInTheTextWithItsGroupsIsFoundToo() {
        String c = customer("RFT", "Rf Text Client " + run);
        String number = invoice(c, "RFT" + run + "7", "99.90");
        String rf = RfReference.forInvoice(number);
        String grouped = String.join(" ", rf.split("(?<=\\G.{4})"));
        upload("rft-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 20))
                .credit("99.90", "Someone " + run, null, "Ref " + grouped + " thanks").toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
    }

    @Test
    void aPaymentWithoutReferenceFromTheCustomersIbanIsSuggestedAndAPersonConfirmsIt() {
        String iban = newIban();
        String c = customer("IBAN", "Iban Client " + run, iban);
        String number = invoice(c, "IBI-" + run + "-1", "350.00");
        String marker = "Virement " + run;
        upload("iban-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 21))
                .credit("350.00", "IBAN CLIENT " + run, iban, marker).toBytes());

        TransactionView t = decided(marker);
        // an IBAN alone scores 85: below the default threshold of 90, so a person confirms it
        assertThat(t.status()).isEqualTo(TransactionStatus.SUGGESTED);
        assertThat(t.reason()).contains("below the threshold of 90");
        assertThat(t.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.rank()).isEqualTo(1);
            assertThat(s.rule()).isEqualTo("payer-iban");
            assertThat(s.score()).isEqualTo(85);
            assertThat(s.allocations()).singleElement().satisfies(l -> {
                assertThat(l.invoiceNumber().value()).isEqualTo(number);
                assertThat(l.amount().amount()).isEqualByComparingTo("350.00");
            });
            assertThat(s.evidence().iban()).contains(iban);
            assertThat(s.explanation()).contains(c);
        });
        // the review queue through the API, checked against the contract
        com.fasterxml.jackson.databind.JsonNode viaApi = api().get("/api/v1/bank-transactions/" + t.id()).json();
        assertThat(viaApi.get("status").asText()).isEqualTo("SUGGESTED");
        assertThat(viaApi.at("/suggestions/0/score").asInt()).isEqualTo(85);
        assertThat(viaApi.at("/suggestions/0/allocations/0/invoiceNumber").asText()).isEqualTo(number);
        assertThat(api().get("/api/v1/bank-transactions?status=SUGGESTED&limit=100").json().get("items")
                .findValuesAsText("bankTransactionId")).contains(t.id().toString());
        assertThat(invoiceState(number).get("status").asText()).isEqualTo("OPEN");

        ApiClient.Response done = api().post("/api/v1/bank-transactions/" + t.id() + "/allocations",
                Map.of("allocations", List.of(Map.of("invoiceNumber", number, "amount", "350.00"))));
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(done.json().get("status").asText()).isEqualTo("MATCHED");
        assertThat(reconciliation.transaction(t.id()).orElseThrow().suggestions()).isEmpty();
    }

    /**
     * A person's allocation proposes "this IBAN is that customer's"; until an operator accepts it, it only suggests
     * (score 65, never applied); accepted it counts (80); rejected it is never used. Before proposed rules existed the
     * IBAN was learned silently and scored 80 at once: this test replaces that one.
     */
    /** "This payer writes references like that": the payer's own code in a manually allocated credit is proposed. */
    @Test
    void thePayersCodeForTheCustomerInAManualAllocationIsProposedAsAReference() {
        String code = "7" + run;
        String c = customer("REFLEARN", "Reference Learner " + run);
        String first = invoice(c, "RFL-" + run + "-1", "310.00");
        upload("reflearn1-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 21))
                .credit("310.00", "Some Payer", null, "Zahlung KD " + code).toBytes());
        TransactionView t = decided("KD " + code);
        assertThat(api().post("/api/v1/bank-transactions/" + t.id() + "/allocations",
                Map.of("allocations", List.of(Map.of("invoiceNumber", first, "amount", "310.00")))).status()).isEqualTo(201);
        JsonNode proposed = api().get("/api/v1/reconciliation/proposed-rules?status=PROPOSED&customerId=" + c).json().get("items");
        assertThat(proposed).singleElement().satisfies(r -> {
            assertThat(r.get("kind").asText()).isEqualTo("REFERENCE");
            assertThat(r.get("value").asText()).isEqualTo(code);
            assertThat(r.get("origin").asText()).isEqualTo("LEARNED");
        });
        // until an operator accepts it, the reference only suggests
        String second = invoice(c, "RFL-" + run + "-2", "45.00");
        upload("reflearn2-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 22))
                .credit("45.00", "Some Payer", null, "KD " + code + " November").toBytes());
        TransactionView next = decided("KD " + code + " November");
        assertThat(next.status()).isEqualTo(TransactionStatus.SUGGESTED);
        assertThat(next.suggestions().get(0).rule()).isEqualTo("customer-reference");
        assertThat(next.suggestions().get(0).allocations().get(0).invoiceNumber().value()).isEqualTo(second);
    }

    @Test
    void anIbanFromAPersonsAllocationIsProposedAcceptedOrRejectedByAnOperator() {
        String iban = newIban(); // not given by the ERP
        // markers without digits: a word with digits in a manually allocated credit would be learned as a reference too
        String lot = run.chars().mapToObj(ch -> String.valueOf(Character.isDigit(ch) ? (char) ('G' + ch - '0') : (char) ch))
                .collect(java.util.stream.Collectors.joining());
        String c = customer("LEARN", "Learning Client " + run);
        String first = invoice(c, "LRN-" + run + "-1", "120.00");
        upload("learn1-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 21))
                .credit("120.00", "Payments Factory " + run, iban, "Lot A " + lot).toBytes());
        TransactionView t = decided("Lot A " + lot);
        assertThat(t.status()).isEqualTo(TransactionStatus.UNMATCHED);
        assertThat(api().post("/api/v1/bank-transactions/" + t.id() + "/allocations",
                Map.of("allocations", List.of(Map.of("invoiceNumber", first, "amount", "120.00")))).status()).isEqualTo(201);
        JsonNode proposed = api().get("/api/v1/reconciliation/proposed-rules?status=PROPOSED&customerId=" + c).json().get("items");
        List<JsonNode> ibanRules = new java.util.ArrayList<>();
        proposed.forEach(r -> {
            if (r.get("kind").asText().equals("IBAN")) {
                ibanRules.add(r);
            }
        });
        assertThat(ibanRules).hasSize(1);
        JsonNode rule = ibanRules.get(0);
        assertThat(rule.get("kind").asText()).isEqualTo("IBAN");
        assertThat(rule.get("value").asText()).isEqualTo(iban);
        assertThat(rule.get("origin").asText()).isEqualTo("LEARNED");
        assertThat(rule.get("evidenceBankTransactionId").asText()).isEqualTo(t.id().toString());
        String ruleId = rule.get("ruleId").asText();

        String second = invoice(c, "LRN-" + run + "-2", "75.00");
        upload("learn2-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 22))
                .credit("75.00", "Payments Factory " + run, iban, "Lot B " + lot).toBytes());
        TransactionView next = decided("Lot B " + lot);
        assertThat(next.status()).isEqualTo(TransactionStatus.SUGGESTED);
        assertThat(next.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.rule()).isEqualTo("payer-iban");
            assertThat(s.score()).isEqualTo(PayerIbanRuleScores.PROPOSED);
            assertThat(s.explanation()).contains("proposed payer rule");
            assertThat(s.allocations().get(0).invoiceNumber().value()).isEqualTo(second);
        });

        ApiClient.Response accepted = api().post("/api/v1/reconciliation/proposed-rules/" + ruleId + "/accept",
                Map.of("reason", "Confirmed with the customer"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.json().get("decidedBy").asText()).isNotBlank();
        assertThat(accepted.json().get("decisionReason").asText()).isEqualTo("Confirmed with the customer");
        assertThat(api().post("/api/v1/reconciliation/proposed-rules/" + ruleId + "/accept", Map.of()).status()).isEqualTo(409);
        String third = invoice(c, "LRN-" + run + "-3", "64.00");
        upload("learn3-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 23))
                .credit("64.00", "Payments Factory " + run, iban, "Lot C " + lot).toBytes());
        assertThat(decided("Lot C " + lot).suggestions()).singleElement().satisfies(s -> {
            assertThat(s.score()).isEqualTo(PayerIbanRuleScores.ACCEPTED);
            assertThat(s.explanation()).contains("accepted payer rule");
            assertThat(s.allocations().get(0).invoiceNumber().value()).isEqualTo(third);
        });

        assertThat(api().post("/api/v1/reconciliation/proposed-rules/" + ruleId + "/reject", Map.of("reason", "A factor pays for many"))
                .json().get("status").asText()).isEqualTo("REJECTED");
        invoice(c, "LRN-" + run + "-4", "33.00");
        upload("learn4-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 24))
                .credit("33.00", "Payments Factory " + run, iban, "Lot D " + lot).toBytes());
        assertThat(decided("Lot D " + lot).status()).isEqualTo(TransactionStatus.UNMATCHED);
        assertThat(api().post("/api/v1/reconciliation/proposed-rules/" + UUID.randomUUID() + "/accept", Map.of()).status())
                .isEqualTo(404);
    }

    /** The scores the test expects (PayerIbanRule's, not imported: the test reads the rule's public figures). */
    private static final class PayerIbanRuleScores {
        static final int PROPOSED = io.encaisse.reconciliation.internal.domain.PayerIbanRule.SINGLE_PROPOSED;
        static final int ACCEPTED = io.encaisse.reconciliation.internal.domain.PayerIbanRule.SINGLE_LEARNED;
    }

    /** The name's longest word is one many customers share: the rarest word finds the customer (the name-word index). */
    @Test
    void aPayerKnownOnlyByNameIsFoundByItsRarestWord() {
        String common = "Transports" + run.substring(0, 3).toLowerCase();
        for (int i = 0; i < 25; i++) {
            customer("NW" + i, "Zed" + i + " " + common + " Lyon");
        }
        String c = customer("NAME", "Quatremaire " + common + " Lyon SARL");
        String number = invoice(c, "NAM-" + run + "-1", "777.70");
        upload("name-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 26))
                .credit("777.70", "QUATREMAIRE " + common.toUpperCase() + " LYON", null, "Reglement " + run).toBytes());
        TransactionView t = decided("Reglement " + run);
        assertThat(t.status()).as(t.reason()).isEqualTo(TransactionStatus.SUGGESTED);
        assertThat(t.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.rule()).isEqualTo("payer-name");
            assertThat(s.allocations().get(0).invoiceNumber().value()).isEqualTo(number);
        });
    }

    @Test
    void aReferenceConfiguredForACustomerIdentifiesItsPayments() {
        String c = customer("CREF", "Configured Ref Client " + run);
        String number = invoice(c, "CRF-" + run + "-1", "310.00");
        invoice(c, "CRF-" + run + "-2", "99.00");
        ApiClient.Response created = api().post("/api/v1/customers/" + c + "/payment-references",
                Map.of("value", "CLIENT " + run, "note", "their payments say CLIENT and our id for them"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(created.json().get("origin").asText()).isEqualTo("CONFIGURED");
        assertThat(api().post("/api/v1/customers/" + c + "/payment-references", Map.of("value", "CLIENT " + run)).status())
                .isEqualTo(200);
        assertThat(api().post("/api/v1/customers/" + c + "/payment-references", Map.of("value", "([", "match", "REGEX")).status())
                .isEqualTo(422);
        assertThat(api().get("/api/v1/customers/" + c + "/payment-references").json().get("items")).hasSize(1);

        upload("cref-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 25))
                .credit("310.00", "FACTOR FINANCE SA", newIban(), "Virement client-" + run.toLowerCase() + " octobre").toBytes());
        TransactionView t = decided("Virement client-" + run.toLowerCase());
        assertThat(t.status()).as(t.reason()).isEqualTo(TransactionStatus.SUGGESTED);
        assertThat(t.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.rule()).isEqualTo("customer-reference");
            assertThat(s.score()).isEqualTo(85);
            assertThat(s.explanation()).contains("CLIENT " + run).contains(c);
            assertThat(s.allocations().get(0).invoiceNumber().value()).isEqualTo(number);
        });
    }

    @Test
    void twoEquallyGoodCandidatesAreSuggestedAndNeverApplied() {
        String iban = newIban();
        String c = customer("TIE", "Tie Client " + run, iban);
        String a = invoice(c, "TIE-" + run + "-A1", "100.00");
        String b = invoice(c, "TIE-" + run + "-B2", "100.00");
        upload("tie-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 22))
                .credit("100.00", "Tie Client " + run, iban, "Tie one " + run)
                // names both invoices, pays one: each alone scores 85, neither is preferred
                .credit("100.00", "Tie Client " + run, iban, "Tie two " + run + " " + a + " " + b)
                .toBytes());
        for (String marker : List.of("Tie one " + run, "Tie two " + run)) {
            TransactionView t = decided(marker);
            assertThat(t.status()).as(marker).isEqualTo(TransactionStatus.SUGGESTED);
            assertThat(t.reason()).as(marker).startsWith("Ambiguous");
            assertThat(t.suggestions()).as(marker).hasSize(2);
            assertThat(t.suggestions().get(0).score()).isEqualTo(t.suggestions().get(1).score());
            assertThat(t.suggestions()).flatExtracting(SuggestionView::allocations)
                    .extracting(l -> l.invoiceNumber().value()).containsExactlyInAnyOrder(a, b);
            assertThat(t.allocations()).isEmpty();
        }
        assertThat(invoiceState(a).get("status").asText()).isEqualTo("OPEN");
        assertThat(invoiceState(b).get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void aSmallDifferenceWithinToleranceSettlesTheInvoiceAndSaysWhy() {
        String c = customer("TOL", "Tolerance Client " + run);
        String number = invoice(c, "TOL-" + run + "-0001", "200.00");
        // the payer wrote the number without separators and with its leading zeros
        String written = number.replace("-", "");
        upload("tol-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 22))
                .credit("199.70", "Tolerance Client " + run, null, "Facture n° " + written).toBytes());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
        JsonNode inv = invoiceState(number);
        assertThat(inv.get("openAmount").asText()).isEqualTo("0.00");
        JsonNode allocation = inv.get("allocations").get(0);
        assertThat(allocation.get("amount").asText()).isEqualTo("199.70");
        assertThat(allocation.get("explanation").asText()).contains("difference of 0.30 EUR treated as bank charges");
        TransactionView t = decided(written);
        assertThat(t.status()).isEqualTo(TransactionStatus.MATCHED);
        assertThat(t.unapplied().amount()).isEqualByComparingTo("0.00");
        assertThat(t.allocations()).singleElement().satisfies(al -> assertThat(al.writeOff().amount()).isEqualByComparingTo("0.30"));

        // undoing it opens the whole 200.00 again (money and write-off)
        ApiClient.Response undo = api().delete("/api/v1/bank-transactions/" + t.id() + "/allocations/" + t.allocations().get(0).id());
        assertThat(undo.status()).as(undo.body()).isEqualTo(204);
        assertThat(invoiceState(number).get("openAmount").asText()).isEqualTo("200.00");
    }

    @Test
    void aLateInvoiceFindsThePaymentThatWroteItsNumberDifferently() {
        String c = customer("LATE", "Late Client " + run);
        String number = "LAT-" + run + "-9";
        String marker = "Paiement LAT" + run + "9";
        upload("late-" + run + ".xml", new Camt053(ACCOUNT, LocalDate.of(2026, 11, 22))
                .credit("60.00", "Late Client " + run, null, marker).toBytes());
        assertThat(decided(marker).status()).isEqualTo(TransactionStatus.UNMATCHED);
        invoice(c, number, "60.00");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(invoiceState(number).get("status").asText()).isEqualTo("PAID"));
    }
}
