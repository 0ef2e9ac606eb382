package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rule {@value #NAME}: no reference, but the payer's name, normalised ({@link PayerNames}), resembles a customer's
 * (similarity ≥ {@value #MIN_SIMILARITY}): that customer's open invoice of exactly the amount scores {@value #SINGLE},
 * a unique combination {@value #SUBSET}. Names are weak evidence: always a suggestion at the default threshold.
 */
public final class PayerNameRule implements MatchRule {

    public static final String NAME = "payer-name";
    public static final int SINGLE = 70;
    public static final int SUBSET = 60;
    public static final double MIN_SIMILARITY = 0.75;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean onlyWithoutReference() {
        return true;
    }

    @Override
    public Proposal propose(Payment payment, Ledger ledger) {
        String payer = PayerNames.normalise(payment.payerName());
        List<String> words = PayerNames.words(payer);
        if (words.isEmpty()) {
            return Proposal.none();
        }
        List<Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Ledger.Payer customer : ledger.payersNamed(words)) {
            double similarity = PayerNames.similarity(payer, PayerNames.normalise(customer.name()));
            if (similarity < MIN_SIMILARITY) {
                continue;
            }
            String alike = String.format(Locale.ROOT, "%.2f", similarity);
            Proposal p = PayerCandidates.of(NAME, customer, payment, SINGLE, SUBSET,
                    "Payer name '" + payment.payerName() + "' resembles customer " + customer.customerRef() + " '" + customer.name()
                            + "' (similarity " + alike + ")",
                    new Candidate.Evidence(null, null, null, payment.payerName() + " ~ " + customer.name() + " (" + alike + ")"));
            candidates.addAll(p.candidates());
            notes.addAll(p.notes());
        }
        return new Proposal(candidates, candidates.isEmpty() ? notes : List.of());
    }
}
