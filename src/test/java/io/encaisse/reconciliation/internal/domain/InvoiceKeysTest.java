package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceKeysTest {

    private static List<String> keys(String text) {
        return InvoiceKeys.fromText(text).stream().map(InvoiceKeys.Candidate::key).toList();
    }

    @Test
    void separatorsCaseAndLeadingZerosDoNotMatter() {
        assertThat(InvoiceKeys.key("INV-2026-001")).isEqualTo("INV2026001");
        assertThat(InvoiceKeys.key("inv2026001")).isEqualTo("INV2026001");
        assertThat(InvoiceKeys.key("INV 2026/001")).isEqualTo("INV2026001");
        assertThat(InvoiceKeys.key("INV-0042")).isEqualTo(InvoiceKeys.key("inv42"));
        assertThat(InvoiceKeys.key("000123")).isEqualTo("123");
        // only zeros at the start or after a letter: inside a number they may be significant once separators are gone
        assertThat(InvoiceKeys.key("F-2026-0007")).isEqualTo("F20260007");
        assertThat(InvoiceKeys.digits("INV-2026-0042")).isEqualTo("20260042");
        assertThat(InvoiceKeys.digits("00042")).isEqualTo("42");
    }

    @Test
    void prefixesAndNoiseAroundTheNumber() {
        assertThat(keys("Facture n° INV-2026-001, merci")).contains("INV2026001");
        assertThat(keys("Rechnung Nr. 4711/2026")).contains("47112026");
        assertThat(keys("FACT:2026-0042 reglement")).contains("FACT20260042", "20260042");
        assertThat(keys("FACT2026001")).contains("FACT2026001", "2026001");
        assertThat(keys("INV 2026 001")).contains("INV2026001");
        assertThat(keys("Reglement facture")).isEmpty();
        assertThat(keys("le 12 novembre")).doesNotContain("12");
    }

    @Test
    void severalNumbersInOneLineAndNumbersCutAcrossLines() {
        assertThat(keys("INV-2026-001 + INV2026002;inv-2026-003")).contains("INV2026001", "INV2026002", "INV2026003");
        assertThat(InvoiceKeys.fromText("INV-2026-001/INV-2026-002")).contains(
                new InvoiceKeys.Candidate("INV2026001", InvoiceKeys.Found.TOKEN), new InvoiceKeys.Candidate("INV2026002", InvoiceKeys.Found.TOKEN));
        // the remittance joins Ustrd lines with a space: "INV-2026-" / "001" become adjacent tokens
        List<InvoiceKeys.Candidate> split = InvoiceKeys.fromText("Paiement INV-2026- 001 merci");
        assertThat(split).contains(new InvoiceKeys.Candidate("INV2026001", InvoiceKeys.Found.JOINED));
        assertThat(split).contains(new InvoiceKeys.Candidate("INV2026", InvoiceKeys.Found.TOKEN));
        assertThat(keys("INV 2026 001")).contains("INV2026001");
    }

    @Test
    void lookupsAreBounded() {
        assertThat(InvoiceKeys.fromText("A1 ".repeat(10_000))).hasSizeLessThanOrEqualTo(300);
    }
}
