package io.encaisse.webhooks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.InvoicePaid;
import io.encaisse.invoices.InvoicePartiallyPaid;
import io.encaisse.reconciliation.AllocationReversed;
import io.encaisse.reconciliation.PaymentReturned;
import io.encaisse.reconciliation.PaymentUnmatched;
import io.encaisse.shared.Money;
import io.encaisse.webhooks.WebhookEventTypes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Builds Standard Webhooks payloads {@code {"type":..., "timestamp":..., "data":{...}}}. Every value is a JSON string
 * (amounts as plain decimals at the currency's scale) or null, written by Jackson from a tree, so the text is
 * deterministic and independent of the application's ObjectMapper settings. Stateless and thread-safe.
 */
final class WebhookPayloads {

    /**
     * @param eventKey identifies the event, not the delivery: the same event handled twice gives the same key
     * @param json the exact text that is signed and sent (as UTF-8)
     */
    record Payload(String type, String eventKey, String json) {
    }

    private final ObjectMapper json = JsonMapper.builder().build();

    Payload invoicePaid(InvoicePaid e) {
        String type = WebhookEventTypes.INVOICE_PAID;
        return build(type, type + ":" + e.invoiceId().value() + ":" + e.occurredAt(), e.occurredAt(), data -> {
            data.put("invoiceNumber", e.number().value());
            data.put("customerId", e.customer().value());
            amount(data, "amount", e.amount());
            data.put("currency", e.amount().currency());
            data.put("paidOn", date(e.paidOn()));
        });
    }

    Payload invoicePartiallyPaid(InvoicePartiallyPaid e) {
        String type = WebhookEventTypes.INVOICE_PARTIALLY_PAID;
        return build(type, type + ":" + e.invoiceId().value() + ":" + e.occurredAt(), e.occurredAt(), data -> {
            data.put("invoiceNumber", e.number().value());
            data.put("customerId", e.customer().value());
            amount(data, "amount", e.amount());
            amount(data, "openAmount", e.openAmount());
            data.put("currency", e.amount().currency());
            data.put("paidOn", date(e.paidOn()));
        });
    }

    Payload paymentUnmatched(PaymentUnmatched e) {
        String type = WebhookEventTypes.PAYMENT_UNMATCHED;
        return build(type, type + ":" + e.transactionId().value() + ":" + e.occurredAt(), e.occurredAt(), data -> {
            data.put("bankTransactionId", e.transactionId().value().toString());
            amount(data, "amount", e.amount());
            data.put("currency", e.amount().currency());
            data.put("valueDate", date(e.valueDate()));
            data.put("counterpartyName", e.counterpartyName());
            data.put("counterpartyIban", e.counterpartyIban());
            data.put("remittance", e.remittance());
            data.put("reason", e.reason());
        });
    }

    Payload paymentReturned(PaymentReturned e) {
        String type = WebhookEventTypes.PAYMENT_RETURNED;
        return build(type, type + ":" + e.returnTransactionId().value() + ":" + e.occurredAt(), e.occurredAt(), data -> {
            data.put("bankTransactionId", e.returnTransactionId().value().toString());
            data.put("originalBankTransactionId", e.originalTransactionId().value().toString());
            amount(data, "amount", e.amount());
            data.put("currency", e.amount().currency());
            data.put("reasonCode", e.reasonCode());
            data.put("bookingDate", date(e.bookingDate()));
            data.put("counterpartyName", e.counterpartyName());
            data.put("counterpartyIban", e.counterpartyIban());
            e.reopenedInvoices().forEach(n -> data.withArray("reopenedInvoices").add(n.value()));
        });
    }

    Payload invoiceReopened(AllocationReversed e) {
        String type = WebhookEventTypes.INVOICE_REOPENED;
        return build(type, type + ":" + e.allocationId().value() + ":" + e.occurredAt(), e.occurredAt(), data -> {
            data.put("invoiceNumber", e.invoiceNumber().value());
            data.put("customerId", e.customer().value());
            amount(data, "amount", e.amount());
            amount(data, "openAmount", e.openAmount());
            data.put("currency", e.amount().currency());
            data.put("status", e.invoiceStatus().name());
            data.put("reason", e.reason());
        });
    }

    private Payload build(String type, String eventKey, Instant occurredAt, Consumer<ObjectNode> fillData) {
        ObjectNode root = json.createObjectNode();
        root.put("type", type);
        root.put("timestamp", occurredAt.toString());
        fillData.accept(root.putObject("data"));
        try {
            return new Payload(type, eventKey, json.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + type + " payload", e); // a tree of strings: cannot happen
        }
    }

    private static void amount(ObjectNode data, String field, Money money) {
        data.put(field, money.amount().toPlainString());
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
