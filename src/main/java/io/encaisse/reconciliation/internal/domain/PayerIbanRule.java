package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@value #NAME}: no reference, but the payer's IBAN is one the ERP gave for a customer (or one an accepted payer
 * rule gives): that customer's open invoice of exactly the amount scores {@value #SINGLE} (accepted rule
 * {@value #SINGLE_LEARNED}), a unique combination of its open invoices {@value #SUBSET} ({@value #SUBSET_LEARNED}).
 * Below the default threshold (90) on purpose: a customer that pays without a reference is suggested, not applied,
 * unless the threshold is lowered. An IBAN only a proposed rule gives (learned from a person's allocation, not accepted
 * yet) scores {@value #SINGLE_PROPOSED} / {@value #SUBSET_PROPOSED} and is never applied, whatever the threshold.
 */
public final class PayerIbanRule implements MatchRule {

    public static final String NAME = "payer-iban";
    public static final int SINGLE = 85;
    public static final int SINGLE_LEARNED = 80;
    public static final int SINGLE_PROPOSED = 65;
    public static final int SUBSET = 75;
    public static final int SUBSET_LEARNED = 70;
    public static final int SUBSET_PROPOSED = 55;

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
        if (payment.payerIban() == null || payment.payerIban().isBlank()) {
            return Proposal.none();
        }
        List<Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Ledger.Payer payer : ledger.payersByIban(payment.payerIban())) {
            String from;
            String tag;
            int single;
            int subset;
            switch (payer.source()) {
                case LEARNED_IBAN -> {
                    from = "an accepted payer rule";
                    tag = "accepted rule";
                    single = SINGLE_LEARNED;
                    subset = SUBSET_LEARNED;
                }
                case PROPOSED_IBAN -> {
                    from = "a proposed payer rule learned from a person's allocation, not accepted yet";
                    tag = "proposed rule";
                    single = SINGLE_PROPOSED;
                    subset = SUBSET_PROPOSED;
                }
                default -> {
                    from = "given by the ERP";
                    tag = "ERP";
                    single = SINGLE;
                    subset = SUBSET;
                }
            }
            String identified = "Payer IBAN " + payment.payerIban() + " is customer " + payer.customerRef() + "'s (" + from + ")";
            Proposal p = PayerCandidates.of(NAME, payer, payment, single, subset, identified,
                    new Candidate.Evidence(null, null, payment.payerIban() + " (" + tag + ")", null));
            candidates.addAll(p.candidates());
            notes.addAll(p.notes());
        }
        return new Proposal(candidates, candidates.isEmpty() ? notes : List.of());
    }
}
