package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredReferenceTest {

    @Test
    void rfReferencesOfIso11649() {
        assertThat(StructuredReference.parse("RF18539007547034")).get()
                .satisfies(r -> {
                    assertThat(r.type()).isEqualTo(StructuredReference.Type.RF);
                    assertThat(r.payload()).isEqualTo("539007547034");
                });
        assertThat(StructuredReference.parse("RF18 5390 0754 7034")).isPresent();
        assertThat(StructuredReference.parse("rf18000000000539007547034")).get()
                .extracting(StructuredReference::payload).isEqualTo("539007547034");
        assertThat(StructuredReference.parse("RF712348231")).isPresent();
        assertThat(StructuredReference.parse("RF19539007547034")).isEmpty();
        assertThat(StructuredReference.parse("RF18539007547035")).isEmpty();
        assertThat(StructuredReference.parse("RF18")).isEmpty();
        assertThat(StructuredReference.parse("RF18" + "1".repeat(22))).isEmpty();
    }

    @Test
    void generatedRfReferencesAreValidAndEncodeTheInvoiceNumber() {
        String rf = RfReference.forInvoice("INV-2026-0042");
        assertThat(rf).startsWith("RF").endsWith("INV20260042");
        assertThat(RfReference.isValid(rf)).isTrue();
        assertThat(StructuredReference.parse(rf).orElseThrow().payload()).isEqualTo(InvoiceKeys.key("INV-2026-0042"));
        for (String n : List.of("1", "A", "F2026-00001", "Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z", "0007")) {
            assertThat(RfReference.isValid(RfReference.forInvoice(n))).as(n).isTrue();
        }
        assertThat(RfReference.forInvoice("539007547034")).isEqualTo("RF18539007547034");
        assertThatThrownBy(() -> RfReference.forInvoice("INVOICE-2026-000000000000001")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void swissQrReferencesCheckModulo10Recursive() {
        assertThat(StructuredReference.parse("210000000003139471430009017")).get()
                .satisfies(r -> {
                    assertThat(r.type()).isEqualTo(StructuredReference.Type.QRR);
                    assertThat(r.payload()).isEqualTo("21000000000313947143000901");
                });
        assertThat(StructuredReference.parse("21 00000 00003 13947 14300 09017")).isPresent();
        assertThat(StructuredReference.parse("210000000003139471430009016")).isEmpty();
        assertThat(StructuredReference.parse("000000000000000000000000000")).isEmpty();
        String generated = RfReference.qrReferenceFor("2026001");
        assertThat(generated).hasSize(27);
        assertThat(StructuredReference.parse(generated).orElseThrow().payload()).isEqualTo("2026001");
    }

    @Test
    void belgianStructuredCommunicationsCheckMod97With97ForZero() {
        assertThat(StructuredReference.parse("+++010/8068/17183+++")).get()
                .satisfies(r -> {
                    assertThat(r.type()).isEqualTo(StructuredReference.Type.BE);
                    assertThat(r.payload()).isEqualTo("108068171");
                });
        assertThat(StructuredReference.parse("***090/9337/55493***")).isPresent();
        assertThat(StructuredReference.parse("+++000/0000/09797+++")).isPresent(); // 97 mod 97 = 0: check digits 97
        assertThat(StructuredReference.parse("+++000/0000/09700+++")).isEmpty();
        assertThat(StructuredReference.parse("+++010/8068/17184+++")).isEmpty();
        assertThat(RfReference.belgianFor("2026001")).isEqualTo("+++000/2026/00159+++"); // 2026001 mod 97 = 59
        assertThat(StructuredReference.parse(RfReference.belgianFor("2026001")).orElseThrow().payload()).isEqualTo("2026001");
    }

    @Test
    void referencesWrittenInFreeText() {
        List<StructuredReference> found = StructuredReference.findIn(
                "Betaling +++010/8068/17183+++ ref RF18 5390 0754 7034 Merci and 210000000003139471430009017 end RF19539007547034");
        assertThat(found).extracting(StructuredReference::type)
                .containsExactly(StructuredReference.Type.RF, StructuredReference.Type.BE, StructuredReference.Type.QRR);
        assertThat(StructuredReference.findIn("RF18539007547034MERCI")).isEmpty();
        assertThat(StructuredReference.findIn("RF18 5390 0754 7034 MERC")).extracting(StructuredReference::raw)
                .containsExactly("RF18539007547034");
    }
}
