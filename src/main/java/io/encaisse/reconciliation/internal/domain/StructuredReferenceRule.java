package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Rule {@value #NAME}: a structured creditor reference with valid check digits (ISO 11649 RF, Swiss QR reference /
 * ISR, Belgian structured communication; in the structured remittance or written in the text) that encodes one of our
 * invoices is the strongest evidence. Base score 100 (see {@link ReferenceCandidates} for the deductions).
 */
public final class StructuredReferenceRule implements MatchRule {

    public static final String NAME = "structured-reference";
    public static final String RULE_GROUPED = "structured-references-grouped";
    public static final int BASE = 100;

    private final AmountTolerance tolerance;

    public StructuredReferenceRule(AmountTolerance tolerance) {
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

    /** The creditor references with valid check digits the payment carries, by their raw form. */
    static Map<String, StructuredReference> references(Payment payment) {
        Map<String, StructuredReference> refs = new LinkedHashMap<>();
        for (String r : payment.structuredRefs()) {
            StructuredReference.parse(r).ifPresent(s -> refs.putIfAbsent(s.raw(), s));
            StructuredReference.findIn(r).forEach(s -> refs.putIfAbsent(s.raw(), s));
        }
        StructuredReference.findIn(payment.remittance()).forEach(s -> refs.putIfAbsent(s.raw(), s));
        return refs;
    }

    @Override
    public Proposal propose(Payment payment, Ledger ledger) {
        Map<String, StructuredReference> refs = references(payment);
        if (refs.isEmpty()) {
            return Proposal.none();
        }
        Set<String> keys = new LinkedHashSet<>();
        Set<String> digits = new LinkedHashSet<>();
        for (StructuredReference r : refs.values()) {
            (r.type() == StructuredReference.Type.RF ? keys : digits).add(r.payload());
        }
        List<OpenItem> byKey = keys.isEmpty() ? List.of() : ledger.invoicesByKeys(keys);
        List<OpenItem> byDigits = digits.isEmpty() ? List.of() : ledger.invoicesByDigits(digits);
        Map<UUID, OpenItem> named = new LinkedHashMap<>();
        List<String> describedRefs = new ArrayList<>();
        List<Candidate> ambiguous = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (StructuredReference r : refs.values()) {
            List<OpenItem> found = (r.type() == StructuredReference.Type.RF ? byKey : byDigits).stream()
                    .filter(i -> r.type() == StructuredReference.Type.RF ? InvoiceKeys.key(i.invoiceNumber()).equals(r.payload())
                            : InvoiceKeys.digits(i.invoiceNumber()).equals(r.payload()))
                    .toList();
            if (found.isEmpty()) {
                notes.add("The " + r.describe() + " (check digits valid) encodes no invoice of ours");
            } else if (found.size() == 1) {
                named.putIfAbsent(found.get(0).invoiceId(), found.get(0));
                describedRefs.add(r.describe() + " encodes invoice " + found.get(0).invoiceNumber());
            } else {
                // digits shared by several invoice numbers: each is a candidate, none better than the other
                for (OpenItem item : found) {
                    ambiguous.addAll(ReferenceCandidates.from(NAME, NAME, RULE_GROUPED, BASE - ReferenceCandidates.ONE_OF_SEVERAL_PENALTY,
                            payment, List.of(item), tolerance, "The " + r.describe() + " matches the digits of "
                                    + found.size() + " invoices. ", r.raw()).candidates());
                }
            }
        }
        if (named.isEmpty()) {
            return new Proposal(ambiguous, ambiguous.isEmpty() ? notes : List.of());
        }
        String reference = String.join(", ", refs.keySet());
        Proposal p = ReferenceCandidates.from(NAME, NAME, RULE_GROUPED, BASE, payment, List.copyOf(named.values()), tolerance,
                "The " + String.join("; the ", describedRefs) + " (check digits valid). ", reference);
        List<Candidate> all = new ArrayList<>(p.candidates());
        all.addAll(ambiguous);
        return new Proposal(all, p.notes());
    }
}
