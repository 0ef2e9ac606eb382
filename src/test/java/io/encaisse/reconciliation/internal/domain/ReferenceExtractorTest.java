package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceExtractorTest {

    @Test
    void findsInvoiceNumbersInNoisyText() {
        assertThat(ReferenceExtractor.candidates(List.of(), "Reglement facture INV-2026-0001, merci!"))
                .contains("INV-2026-0001").doesNotContain("Reglement", "merci");
        assertThat(ReferenceExtractor.candidates(List.of(), "inv-2026-0002 et INV-2026-0003"))
                .contains("INV-2026-0002", "INV-2026-0003");
    }

    @Test
    void structuredReferencesComeFirstAndShortNumbersAreIgnored() {
        List<String> c = ReferenceExtractor.candidates(List.of("RF18539007547034"), "le 12 novembre F-77");
        assertThat(c.get(0)).isEqualTo("RF18539007547034");
        assertThat(c).contains("F-77").doesNotContain("12");
    }
}
