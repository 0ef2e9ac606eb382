package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceLearningTest {

    @Test
    void thePayersOwnCodeForTheCustomerIsLearned() {
        assertThat(ReferenceLearning.learn("Zahlung KD-NR 47110 Rechnung INV-2026-0042 vom 12.10.2026", List.of("INV-2026-0042"),
                "120.00")).contains("47110");
        assertThat(ReferenceLearning.learn("CONTRAT CTR88A12 echeance novembre", List.of("FA-0000912"), "99.90")).contains("CTR88A12");
    }

    @Test
    void invoiceNumbersAmountsDatesAndWordsAreNotReferences() {
        assertThat(ReferenceLearning.learn("Facture INV-2026-0042 du 20261012 montant 120.00 merci", List.of("INV-2026-0042"), "120.00"))
                .isEmpty();
        assertThat(ReferenceLearning.learn("Paiement 0042 novembre 2026", List.of("INV-2026-0042"), "10.00")).isEmpty();
        assertThat(ReferenceLearning.learn("Virement SEPA", List.of("INV-1"), "10.00")).isEmpty();
        assertThat(ReferenceLearning.learn(null, List.of("INV-1"), "10.00")).isEmpty();
    }

    @Test
    void twoCandidatesAreAGuessAndTeachNothing() {
        assertThat(ReferenceLearning.learn("KD 47110 VERTRAG 99812", List.of("INV-1"), "10.00")).isEmpty();
    }
}
