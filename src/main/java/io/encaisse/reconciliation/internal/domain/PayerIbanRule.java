package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@value #NAME}: no reference, but the payer's IBAN is one the ERP gave for a customer (or one learned from a
 * person's allocation): that customer's open invoice of exactly the amount scores {@value #SINGLE} (learned IBAN
 * {@value #SINGLE_LEARNED}), a unique combination of its open invoices {@value #SUBSET} ({@value #SUBSET_LEARNED}).
 * Below the default threshold (90) on purpose: a customer that pays without a reference is suggested, not applied,
 * unless the threshold is lowered.
 */
public final class PayerIbanRule implements MatchRule {

    public static final String NAME = "payer-iban";
    public static final int SINGLE = 85;
    public static final int SINGLE_LEARNED = 80;
    public static final int SUBSET = 75;
    public static final int SUBSET_LEARNED = 70;

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
            boolean learned = payer.source() == Ledger.Source.LEARNED_IBAN;
            String from = learned ? "learned from an earlier allocation by a person" : "given by the ERP";
            String identified = "Payer IBAN " + payment.payerIban() + " is customer " + payer.customerRef() + "'s (" + from + ")";
            Proposal p = PayerCandidates.of(NAME, payer, payment, learned ? SINGLE_LEARNED : SINGLE,
                    learned ? SUBSET_LEARNED : SUBSET, identified,
                    new Candidate.Evidence(null, null, payment.payerIban() + " (" + (learned ? "learned" : "ERP") + ")", null));
            candidates.addAll(p.candidates());
            notes.addAll(p.notes());
        }
        return new Proposal(candidates, candidates.isEmpty() ? notes : List.of());
    }
}
