package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.Receivables;
import io.encaisse.support.ApiClient;
import io.encaisse.support.Camt053;
import io.encaisse.support.HubTestBase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * From a camt.053 on SFTP to invoice states: a credit in EUR for a USD invoice, converted with the entry's exchange
 * details (or left for a person without them); a credit found by its end-to-end / mandate id = the invoice's purchase order.
 */
class ConversionAndEndToEndFlowTest extends HubTestBase {

    @Autowired
    Reconciliation reconciliation;
    @Autowired
    Receivables receivables;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private String customer(ApiClient api, String currency) {
        String id = "C-" + currency + "-" + run;
        assertThat(api.put("/api/v1/customers/" + id, Map.of("name", "Kunde " + currency + " " + run, "currency", currency,
                "billingEmail", "ap-" + run + "@client.example")).status()).isEqualTo(201);
        return id;
    }

    private String invoice(ApiClient api, String customer, String suffix, String currency, String amount, String po) {
        String number = "X" + run + "-" + suffix;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("customerId", customer, "issueDate", "2026-10-01",
                "dueDate", "2026-10-31", "currency", currency, "amount", amount));
        if (po != null) {
            body.put("purchaseOrder", po);
        }
        assertThat(api.put("/api/v1/invoices/" + number, body).status()).isEqualTo(201);
        return number;
    }

    private JsonNode invoiceState(String number) {
        return api().get("/api/v1/invoices/" + number).json();
    }

    @Test
    void aCreditInAnotherCurrencyIsConvertedWithTheEntrysExchangeDetails() throws Exception {
        ApiClient api = api();
        String c = customer(api, "USD");
        String instructed = invoice(api, c, "USD1", "USD", "1000.00", null);
        String byRate = invoice(api, c, "USD2", "USD", "540.00", null);
        String noDetails = invoice(api, c, "USD3", "USD", "200.00", null);

        dropOnSftp("fx-" + run + ".xml", new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 20))
                // the payer instructed USD 1000.00; the bank credited EUR 925.93
                .creditInstructedIn("925.93", "1000.00", "USD", "USD", "EUR", "USD", "0.92593", "Kunde", "Invoice " + instructed)
                // no instructed amount: 1 EUR = 1.08 USD, EUR 500.00 is USD 540.00
                .creditInstructedIn("500.00", null, null, "EUR", "USD", "EUR", "1.08", "Kunde", "Invoice " + byRate)
                // no exchange details at all
                .credit("185.19", "Kunde", null, "Invoice " + noDetails)
                .toBytes());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(invoiceState(instructed).get("status").asText()).isEqualTo("PAID");
            assertThat(invoiceState(byRate).get("status").asText()).isEqualTo("PAID");
        });
        JsonNode allocation = invoiceState(instructed).get("allocations").get(0);
        assertThat(allocation.get("amount").asText()).isEqualTo("1000.00");
        assertThat(allocation.get("currency").asText()).isEqualTo("USD");
        assertThat(allocation.get("explanation").asText()).contains("Currency conversion").contains("925.93 EUR");
        // the API shows the credit's money used and the rate as fields, not only in the explanation
        assertThat(allocation.get("bankAmount").asText()).isEqualTo("925.93");
        assertThat(allocation.get("bankCurrency").asText()).isEqualTo("EUR");
        assertThat(allocation.get("exchangeRate").asText()).isEqualTo("1.079995248");

        // the allocation keeps both amounts and the rate; the credit (in EUR) is used up
        var view = reconciliation.allocationsOf(receivables.invoice(new InvoiceNumber(instructed)).orElseThrow().id()).get(0);
        assertThat(view.bankAmount().amount()).isEqualByComparingTo("925.93");
        assertThat(view.bankAmount().currency()).isEqualTo("EUR");
        assertThat(view.exchangeRate()).isEqualByComparingTo("1.0799952480");
        JsonNode txn = api.get("/api/v1/bank-transactions/" + allocation.get("bankTransactionId").asText()).json();
        assertThat(txn.get("status").asText()).isEqualTo("MATCHED");
        assertThat(txn.get("allocations").get(0).get("bankAmount").asText()).isEqualTo("925.93");
        assertThat(txn.get("allocations").get(0).get("exchangeRate").asText()).isEqualTo("1.079995248");
        assertThat(txn.get("unapplied").asText()).isEqualTo("0.00");

        // without exchange details: a suggestion, the invoice untouched
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode suggested = api.get("/api/v1/bank-transactions?status=SUGGESTED&limit=100").json().get("items");
            JsonNode mine = null;
            for (JsonNode t : suggested) {
                if (t.get("remittance").asText().contains(noDetails)) {
                    mine = t;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("reason").asText()).contains("currency mismatch: no exchange details");
            assertThat(mine.get("suggestions").get(0).get("currency").asText()).isEqualTo("USD");
        });
        assertThat(invoiceState(noDetails).get("status").asText()).isEqualTo("OPEN");

        // undoing the converted allocation gives the credit its EUR back and reopens the USD invoice
        String txnId = allocation.get("bankTransactionId").asText();
        ReviewOutcome undone = reconciliation.reverseAllocation(new BankTransactionId(UUID.fromString(txnId)), view.id(), "wrong", "tester");
        assertThat(undone).isInstanceOfSatisfying(ReviewOutcome.Done.class, d -> {
            assertThat(d.transaction().unapplied().amount()).isEqualByComparingTo("925.93");
            assertThat(d.transaction().status()).isEqualTo(TransactionStatus.UNMATCHED);
        });
        assertThat(invoiceState(instructed).get("openAmount").asText()).isEqualTo("1000.00");

        // a person allocates the EUR credit to the USD invoice: converted at the entry's rate
        assertThat(api.post("/api/v1/bank-transactions/" + txnId + "/allocations",
                Map.of("allocations", java.util.List.of(Map.of("invoiceNumber", instructed, "amount", "925.93")))).status())
                .isEqualTo(201);
        assertThat(invoiceState(instructed).get("status").asText()).isEqualTo("PAID");
        JsonNode after = api.get("/api/v1/bank-transactions/" + txnId).json();
        assertThat(after.get("status").asText()).isEqualTo("MATCHED");
        assertThat(after.get("unapplied").asText()).isEqualTo("0.00");
        // without exchange details a person cannot allocate across currencies
        JsonNode suggestedTxn = null;
        for (JsonNode t : api.get("/api/v1/bank-transactions?status=SUGGESTED&limit=100").json().get("items")) {
            if (t.get("remittance").asText().contains(noDetails)) {
                suggestedTxn = t;
            }
        }
        ApiClient.Response refused = api.post("/api/v1/bank-transactions/" + suggestedTxn.get("bankTransactionId").asText() + "/allocations",
                Map.of("allocations", java.util.List.of(Map.of("invoiceNumber", noDetails, "amount", "185.19"))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("gives no exchange details");
    }

    @Test
    void aCreditWhoseMandateIdIsTheInvoicesPurchaseOrderPaysIt() throws Exception {
        ApiClient api = api();
        String c = customer(api, "EUR");
        String po = "PO-" + run;
        String byMandate = invoice(api, c, "PO1", "EUR", "312.50", po);
        String byE2e = invoice(api, c, "PO2", "EUR", "99.00", "E2E-" + run);

        dropOnSftp("e2e-" + run + ".xml", new Camt053("FR7630006000011234567890189", LocalDate.of(2026, 11, 21))
                .creditWithIds("312.50", null, po, "Kunde", "SEPA direct debit")
                .creditWithIds("99.00", "E2E-" + run, null, "Kunde", "Thanks")
                .toBytes());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(invoiceState(byMandate).get("status").asText()).isEqualTo("PAID");
            assertThat(invoiceState(byE2e).get("status").asText()).isEqualTo("PAID");
        });
        JsonNode allocation = invoiceState(byMandate).get("allocations").get(0);
        assertThat(allocation.get("rule").asText()).isEqualTo("end-to-end-reference");
        assertThat(allocation.get("explanation").asText()).contains(po);
    }
}
