package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rule {@value #NAME}: our invoice numbers in what the payer wrote (the structured references that are no creditor
 * reference, the unstructured lines), despite prefixes, missing or extra separators, leading zeros and numbers cut
 * across lines, found through the normalised-number index ({@link InvoiceKeys}). Base score 95 when a number appears
 * as one token; 90 when it is only found by joining adjacent tokens (which is tried only when no single token names
 * an invoice). Deductions: {@link ReferenceCandidates}. Allocations keep the rule names {@link MatchPolicy#RULE_SINGLE}
 * and {@link MatchPolicy#RULE_GROUPED}.
 */
public final class InvoiceNumberRule implements MatchRule {

    public static final String NAME = "invoice-number";
    public static final int BASE = 95;
    public static final int BASE_JOINED = 90;
    static final String NOTHING_FOUND = "No invoice number of ours found in the remittance information";

    private final AmountTolerance tolerance;

    public InvoiceNumberRule(AmountTolerance tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Proposal propose(Payment payment, Ledger ledger) {
        List<InvoiceKeys.Candidate> keys = new ArrayList<>();
        for (String ref : payment.structuredRefs()) {
            keys.addAll(InvoiceKeys.fromText(ref));
        }
        keys.addAll(InvoiceKeys.fromText(payment.remittance()));
        if (keys.isEmpty()) {
            return new Proposal(List.of(), List.of(NOTHING_FOUND));
        }
        List<OpenItem> found = ledger.invoicesByKeys(keys.stream().map(InvoiceKeys.Candidate::key).distinct().toList());
        Map<String, List<OpenItem>> byKey = found.stream().collect(Collectors.groupingBy(i -> InvoiceKeys.key(i.invoiceNumber())));
        for (InvoiceKeys.Found tier : InvoiceKeys.Found.values()) {
            Map<UUID, OpenItem> named = new LinkedHashMap<>();
            List<String> written = new ArrayList<>();
            for (InvoiceKeys.Candidate k : keys) {
                if (k.how() != tier) {
                    continue;
                }
                for (OpenItem item : byKey.getOrDefault(k.key(), List.of())) {
                    if (named.putIfAbsent(item.invoiceId(), item) == null) {
                        written.add(k.key());
                    }
                }
            }
            if (!named.isEmpty()) {
                int base = tier == InvoiceKeys.Found.TOKEN ? BASE : BASE_JOINED;
                String prefix = tier == InvoiceKeys.Found.TOKEN ? "" : "Invoice number found by joining words or lines ("
                        + String.join(", ", written) + "). ";
                return ReferenceCandidates.from(NAME, MatchPolicy.RULE_SINGLE, MatchPolicy.RULE_GROUPED, base, payment,
                        List.copyOf(named.values()), tolerance, prefix, String.join(", ", written));
            }
        }
        return new Proposal(List.of(), List.of(NOTHING_FOUND));
    }
}
