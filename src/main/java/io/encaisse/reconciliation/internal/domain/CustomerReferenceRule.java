package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@value #NAME}: no invoice reference, but the payment carries a reference configured for a customer (or
 * accepted from a proposal, see {@link PayerReference}): the payer is that customer; its open invoice of exactly the
 * amount scores {@value #SINGLE}, a unique combination of its open invoices {@value #SUBSET} — as strong as an IBAN the
 * ERP gave, so suggested at the default threshold. A reference only a proposed rule gives scores
 * {@value #SINGLE_PROPOSED} / {@value #SUBSET_PROPOSED} and is never applied automatically.
 */
public final class CustomerReferenceRule implements MatchRule {

    public static final String NAME = "customer-reference";
    public static final int SINGLE = 85;
    public static final int SUBSET = 75;
    public static final int SINGLE_PROPOSED = 65;
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
        List<Candidate> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Ledger.Payer payer : ledger.payersByReference(payment)) {
            boolean proposed = payer.source().unconfirmed();
            String identified = "The remittance carries " + (payer.evidence() == null ? "a reference" : payer.evidence()) + ", "
                    + (proposed ? "which a proposed payer rule (not accepted yet) gives" : "configured") + " for customer "
                    + payer.customerRef();
            Proposal p = PayerCandidates.of(NAME, payer, payment, proposed ? SINGLE_PROPOSED : SINGLE,
                    proposed ? SUBSET_PROPOSED : SUBSET, identified,
                    new Candidate.Evidence(payer.evidence(), null, null, null), proposed);
            candidates.addAll(p.candidates());
            notes.addAll(p.notes());
        }
        return new Proposal(candidates, candidates.isEmpty() ? notes : List.of());
    }
}
