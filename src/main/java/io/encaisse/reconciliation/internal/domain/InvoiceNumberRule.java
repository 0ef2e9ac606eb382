package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
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
    /**
     * An invoice number written without its letters ("2026-0042" for "INV-2026-0042"), found by its digits: only when
     * the digits name one invoice of ours and no other, and the payment is exactly its open amount.
     */
    public static final int BASE_DIGITS = 90;
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
    public boolean namesInvoices() {
        return true;
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
        return digitsOnly(payment, ledger);
    }

    /** The last resort: numbers written without their prefix, by their digits (see {@link #BASE_DIGITS}). */
    private Proposal digitsOnly(Payment payment, Ledger ledger) {
        List<String> digits = new ArrayList<>();
        for (String ref : payment.structuredRefs()) {
            digits.addAll(InvoiceKeys.digitsWithoutPrefix(ref));
        }
        digits.addAll(InvoiceKeys.digitsWithoutPrefix(payment.remittance()));
        if (digits.isEmpty()) {
            return new Proposal(List.of(), List.of(NOTHING_FOUND));
        }
        List<String> distinct = digits.stream().distinct().toList();
        Map<String, List<OpenItem>> byDigits = ledger.invoicesByDigits(distinct).stream()
                .collect(Collectors.groupingBy(i -> InvoiceKeys.digits(i.invoiceNumber())));
        List<Candidate> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String d : distinct) {
            List<OpenItem> found = byDigits.getOrDefault(d, List.of());
            if (found.size() > 1) {
                notes.add("The number " + d + " is the digits of " + found.size() + " invoices ("
                        + found.stream().map(OpenItem::invoiceNumber).collect(Collectors.joining(", ")) + "): none is taken");
            } else if (found.size() == 1) {
                OpenItem item = found.get(0);
                if (item.payableIn(payment.amount().currency()) && item.open().compareTo(payment.amount()) == 0) {
                    out.add(new Candidate(NAME, MatchPolicy.RULE_SINGLE, BASE_DIGITS,
                            List.of(new MatchDecision.Line(item, payment.amount())), Money.zero(payment.amount().currency()),
                            "The remittance's " + d + " is the digits of invoice " + item.invoiceNumber()
                                    + " (written without its prefix; no other invoice has these digits), and the payment of "
                                    + payment.amount() + " is exactly its open amount",
                            new Candidate.Evidence(d + " = " + item.invoiceNumber(), "exact", null, null)));
                } else {
                    notes.add("The number " + d + " is the digits of invoice " + item.invoiceNumber()
                            + ", but without its prefix only the exact open amount would do (" + item.open() + " open, payment "
                            + payment.amount() + ")");
                }
            }
        }
        if (out.size() > 1) {
            // several numbers each naming another invoice: a person decides
            out = out.stream().map(c -> new Candidate(c.rule(), c.allocationRule(), c.score() - ReferenceCandidates.ONE_OF_SEVERAL_PENALTY,
                    c.lines(), c.unapplied(), c.explanation(), c.evidence())).toList();
        }
        if (out.isEmpty()) {
            notes.add(0, NOTHING_FOUND);
        }
        return new Proposal(out, out.isEmpty() ? notes : List.of());
    }
}
