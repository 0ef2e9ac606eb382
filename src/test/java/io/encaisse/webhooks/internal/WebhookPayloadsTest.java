package io.encaisse.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePartiallyPaid;
import io.encaisse.reconciliation.BankTransactionId;
import io.encaisse.reconciliation.PaymentUnmatched;
import io.encaisse.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {

    private static final Instant AT = Instant.parse("2026-11-23T09:15:30.123456Z");
    private static final InvoiceId INVOICE = new InvoiceId(UUID.fromString("0b1e0c7e-5f0c-4a55-9a57-3c2b4f1e9d01"));

    private final WebhookPayloads payloads = new WebhookPayloads();

    @Test
    void invoicePaidIsTheExactStandardWebhooksEnvelope() {
        InvoicePaid event = new InvoicePaid(INVOICE, new InvoiceNumber("F-2026/001"), new CustomerId(UUID.randomUUID()),
                new CustomerRef("C-42"), Money.of("1200", "EUR"), LocalDate.of(2026, 11, 22), AT);

        WebhookPayloads.Payload p = payloads.invoicePaid(event);

        assertThat(p.type()).isEqualTo("invoice.paid");
        assertThat(p.json()).isEqualTo("{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-23T09:15:30.123456Z\",\"data\":{"
                + "\"invoiceNumber\":\"F-2026/001\",\"customerId\":\"C-42\",\"amount\":\"1200.00\",\"currency\":\"EUR\","
                + "\"paidOn\":\"2026-11-22\"}}");
        assertThat(p.eventKey()).isEqualTo("invoice.paid:" + INVOICE.value() + ":2026-11-23T09:15:30.123456Z");
    }

    @Test
    void sameEventSameKeyOtherOccurrenceOtherKey() {
        InvoicePaid event = new InvoicePaid(INVOICE, new InvoiceNumber("F-1"), new CustomerId(UUID.randomUUID()),
                new CustomerRef("C-1"), Money.of("10", "EUR"), LocalDate.of(2026, 11, 22), AT);
        InvoicePaid later = new InvoicePaid(INVOICE, new InvoiceNumber("F-1"), new CustomerId(UUID.randomUUID()),
                new CustomerRef("C-1"), Money.of("10", "EUR"), LocalDate.of(2026, 11, 22), AT.plusSeconds(60));

        assertThat(payloads.invoicePaid(event)).isEqualTo(payloads.invoicePaid(event));
        assertThat(payloads.invoicePaid(later).eventKey()).isNotEqualTo(payloads.invoicePaid(event).eventKey());
    }

    @Test
    void partiallyPaidCarriesTheOpenAmountAtTheCurrencyScale() throws Exception {
        InvoicePartiallyPaid event = new InvoicePartiallyPaid(INVOICE, new InvoiceNumber("JP-7"),
                new CustomerId(UUID.randomUUID()), new CustomerRef("C-7"), Money.of("150000", "JPY"), Money.of("50000", "JPY"),
                LocalDate.of(2026, 1, 2), AT);

        WebhookPayloads.Payload p = payloads.invoicePartiallyPaid(event);
        JsonNode root = new ObjectMapper().readTree(p.json());

        assertThat(p.type()).isEqualTo("invoice.partially_paid");
        assertThat(root.get("type").asText()).isEqualTo("invoice.partially_paid");
        JsonNode data = root.get("data");
        assertThat(data.get("amount").isTextual()).isTrue();
        assertThat(data.get("amount").asText()).isEqualTo("150000");
        assertThat(data.get("openAmount").asText()).isEqualTo("50000");
        assertThat(data.get("currency").asText()).isEqualTo("JPY");
        assertThat(data.get("paidOn").asText()).isEqualTo("2026-01-02");
        assertThat(p.eventKey()).startsWith("invoice.partially_paid:" + INVOICE.value());
    }

    @Test
    void paymentUnmatchedEscapesBankTextAndKeepsNullsExplicit() throws Exception {
        BankTransactionId txn = new BankTransactionId(UUID.randomUUID());
        String remittance = "RF18 \"F-99\"\\ payé\n</script>";
        PaymentUnmatched event = new PaymentUnmatched(txn, Money.of("99.5", "EUR"), null, "Société Générale \u2603", null,
                remittance, "No invoice named", AT);

        WebhookPayloads.Payload p = payloads.paymentUnmatched(event);
        JsonNode root = new ObjectMapper().readTree(p.json());
        JsonNode data = root.get("data");

        assertThat(p.type()).isEqualTo("payment.unmatched");
        assertThat(root.get("timestamp").asText()).isEqualTo(AT.toString());
        assertThat(data.get("bankTransactionId").asText()).isEqualTo(txn.value().toString());
        assertThat(data.get("amount").asText()).isEqualTo("99.50");
        assertThat(data.get("currency").asText()).isEqualTo("EUR");
        assertThat(data.get("valueDate").isNull()).isTrue();
        assertThat(data.get("counterpartyName").asText()).isEqualTo("Société Générale \u2603");
        assertThat(data.get("counterpartyIban").isNull()).isTrue();
        assertThat(data.get("remittance").asText()).isEqualTo(remittance);
        assertThat(data.get("reason").asText()).isEqualTo("No invoice named");
        assertThat(p.eventKey()).isEqualTo("payment.unmatched:" + txn.value() + ":" + AT);
    }

    @Test
    void messageIdsAreUniqueAndHaveNoDots() {
        String a = WebhookEventListener.newMessageId();
        assertThat(a).matches("msg_[0-9a-f]{32}");
        assertThat(WebhookEventListener.newMessageId()).isNotEqualTo(a);
    }

    @Test
    void paymentReturnedAndInvoiceReopenedNameTheMoneyAndTheInvoices() throws Exception {
        BankTransactionId ret = new BankTransactionId(UUID.randomUUID());
        BankTransactionId original = new BankTransactionId(UUID.randomUUID());
        JsonNode returned = new ObjectMapper().readTree(payloads.paymentReturned(new io.encaisse.reconciliation.PaymentReturned(
                ret, original, Money.of("80", "EUR"), "AC04", java.util.List.of(new InvoiceNumber("F-1"), new InvoiceNumber("F-2")),
                "ACME", "FR7630006000011234567890189", LocalDate.of(2026, 11, 20), AT)).json());
        assertThat(returned.get("type").asText()).isEqualTo("payment.returned");
        assertThat(returned.at("/data/originalBankTransactionId").asText()).isEqualTo(original.value().toString());
        assertThat(returned.at("/data/amount").asText()).isEqualTo("80.00");
        assertThat(returned.at("/data/reasonCode").asText()).isEqualTo("AC04");
        assertThat(returned.at("/data/reopenedInvoices").toString()).isEqualTo("[\"F-1\",\"F-2\"]");

        JsonNode reopened = new ObjectMapper().readTree(payloads.invoiceReopened(new io.encaisse.reconciliation.AllocationReversed(
                new io.encaisse.reconciliation.AllocationId(UUID.randomUUID()), original, INVOICE, new InvoiceNumber("F-1"),
                new CustomerRef("C-1"), Money.of("50", "EUR"), io.encaisse.invoices.InvoiceStatus.OPEN, Money.of("50", "EUR"),
                "returned by the bank (AC04)", "system", AT)).json());
        assertThat(reopened.get("type").asText()).isEqualTo("invoice.reopened");
        assertThat(reopened.at("/data/status").asText()).isEqualTo("OPEN");
        assertThat(reopened.at("/data/openAmount").asText()).isEqualTo("50.00");
    }
}
