package io.encaisse.reconciliation.internal.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rule {@value #NAME}: the payer's end-to-end id, mandate id or instruction id is exactly the purchase order / customer
 * reference the ERP sent with one of our invoices (many payers put their own order or contract number there), found
 * through the invoice's purchase-order index. Scored like an invoice number found as one token (base
 * {@value #BASE}; deductions: {@link ReferenceCandidates}). Several invoices under one purchase order are all named:
 * a payment of their total settles them, a payment of one of them exactly is a suggestion.
 */
public final class EndToEndReferenceRule implements MatchRule {

    public static final String NAME = "end-to-end-reference";
    public static final String RULE_GROUPED = "end-to-end-references-grouped";
    public static final int BASE = InvoiceNumberRule.BASE;

    private final AmountTolerance tolerance;

    public EndToEndReferenceRule(AmountTolerance tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean namesInvoices() {
        return true;
    }

    @Override
    public Proposal propose(Payment payment, Ledger ledger) {
        if (payment.paymentIds().isEmpty()) {
            return Proposal.none();
        }
        Map<UUID, OpenItem> named = new LinkedHashMap<>();
        List<OpenItem> found = ledger.invoicesByPurchaseOrders(payment.paymentIds());
        found.forEach(i -> named.putIfAbsent(i.invoiceId(), i));
        if (named.isEmpty()) {
            return Proposal.none();
        }
        String ids = String.join(", ", payment.paymentIds());
        String numbers = named.values().stream().map(OpenItem::invoiceNumber).collect(Collectors.joining(", "));
        Proposal p = ReferenceCandidates.from(NAME, NAME, RULE_GROUPED, BASE, payment, List.copyOf(named.values()), tolerance,
                "The payer's end-to-end/mandate id " + ids + " is the purchase order of invoice(s) " + numbers + ". ", ids);
        return p;
    }
}
