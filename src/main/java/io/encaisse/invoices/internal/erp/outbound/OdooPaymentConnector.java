package io.encaisse.invoices.internal.erp.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.invoices.internal.erp.OdooClient;
import io.encaisse.invoices.internal.erp.OdooRpcException;
import io.encaisse.invoices.internal.erp.OdooUnavailableException;
import io.encaisse.shared.PermanentFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Odoo (17): a payment application is registered against the customer invoice the way a person does it, through the
 * {@code account.payment.register} wizard ({@code create} with context {@code active_model=account.move},
 * {@code active_ids=[move]}, then {@code action_create_payments}), which creates, posts and reconciles an
 * {@code account.payment}. Its memo ({@code communication}, the payment's {@code ref}) is {@code encaisse:<allocation id>}:
 * before creating, the connector looks for a payment with that memo, so a crash between Odoo's answer and the hub's
 * status update never books it twice. A reversal sets that payment back to draft ({@code action_draft}, which
 * unreconciles it) and cancels it ({@code action_cancel}).
 * <p>
 * Failures: Odoo's permanent errors (access, validation, missing record, user error) refuse the application; no answer,
 * HTTP errors and transient server errors (e.g. a serialization failure) leave it to be retried.
 */
class OdooPaymentConnector implements PaymentConnector {

    static final String MEMO_PREFIX = "encaisse:";

    private final OdooClient odoo;
    private final Long journalId;

    OdooPaymentConnector(OdooClient odoo, Long journalId) {
        this.odoo = odoo;
        this.journalId = journalId;
    }

    @Override
    public String name() {
        return "odoo";
    }

    static String memo(PaymentApplicationView a) {
        return MEMO_PREFIX + a.allocationId();
    }

    @Override
    public ConnectorResult apply(PaymentApplicationView a) {
        return guarded(() -> {
            JsonNode existing = paymentWithMemo(memo(a));
            if (existing != null && !"cancel".equals(existing.path("state").asText())) {
                return new ConnectorResult.Sent(existing.get("id").asText());
            }
            List<ObjectNode> moves = odoo.searchRead("account.move", List.of(List.of("name", "=", a.invoiceNumber().value()),
                    List.of("move_type", "=", "out_invoice"), List.of("state", "=", "posted")), List.of("id", "currency_id"), 2, "id");
            if (moves.size() != 1) {
                return new ConnectorResult.Refused(moves.isEmpty() ? "Odoo has no posted customer invoice " + a.invoiceNumber()
                        : "Odoo has several posted customer invoices named " + a.invoiceNumber());
            }
            long move = moves.get(0).get("id").asLong();
            Map<String, Object> context = Map.of("context", Map.of("active_model", "account.move", "active_ids", List.of(move)));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("payment_date", a.valueDate().toString());
            values.put("amount", a.amount().amount());
            values.put("communication", memo(a));
            if (journalId != null) {
                values.put("journal_id", journalId);
            }
            JsonNode wizard = odoo.executeKw("account.payment.register", "create", List.of(values), context);
            odoo.executeKw("account.payment.register", "action_create_payments", List.of(List.of(wizard.asLong())), context);
            JsonNode created = paymentWithMemo(memo(a));
            if (created == null) {
                return new ConnectorResult.Unavailable("Odoo registered the payment but no account.payment has the memo " + memo(a)
                        + " yet");
            }
            return new ConnectorResult.Sent(created.get("id").asText());
        });
    }

    @Override
    public ConnectorResult reverse(PaymentApplicationView reversal, PaymentApplicationView applied) {
        return guarded(() -> {
            JsonNode payment = paymentWithMemo(memo(applied));
            if (payment == null) {
                return new ConnectorResult.Refused("Odoo has no payment with the memo " + memo(applied) + " to cancel");
            }
            long id = payment.get("id").asLong();
            if (!"cancel".equals(payment.path("state").asText())) {
                if (!"draft".equals(payment.path("state").asText())) {
                    odoo.executeKw("account.payment", "action_draft", List.of(List.of(id)), Map.of());
                }
                odoo.executeKw("account.payment", "action_cancel", List.of(List.of(id)), Map.of());
            }
            return new ConnectorResult.Sent(String.valueOf(id));
        });
    }

    private JsonNode paymentWithMemo(String memo) {
        List<ObjectNode> found = odoo.searchRead("account.payment", List.of(List.of("ref", "=", memo)), List.of("id", "state"), 10,
                "id desc");
        return found.stream().filter(p -> !"cancel".equals(p.path("state").asText())).findFirst()
                .map(p -> (JsonNode) p).orElse(found.isEmpty() ? null : found.get(0));
    }

    private interface Call {
        ConnectorResult run();
    }

    private static ConnectorResult guarded(Call call) {
        try {
            return call.run();
        } catch (PermanentFailure e) {
            return new ConnectorResult.Refused(e.getMessage());
        } catch (OdooRpcException | OdooUnavailableException e) {
            return new ConnectorResult.Unavailable(e.getMessage());
        }
    }
}
