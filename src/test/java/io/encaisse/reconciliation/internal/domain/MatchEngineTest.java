package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision over the rules' candidates, with conflicting evidence. */
class MatchEngineTest {

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MatchEngine engine = MatchEngine.configured(MatchEngine.DEFAULT_RULES,
            new AmountTolerance(new BigDecimal("1.00"), new BigDecimal("0.5")), new MatchEngine.Settings(true, 90, 10));

    private static Payment pay(String amount, String iban, String text) {
        return new Payment(Money.of(amount, "EUR"), null, "Payer", iban, List.of(), text);
    }

    @Test
    void aNumberOfAnotherCustomersInvoiceIsNotAppliedWhenThePayersIbanSaysOtherwise() {
        // found by the labelled benchmark: a typo named the neighbour's invoice and moved the money there
        ledger.customer("C-HERVE", "Herve Batiment", "DE87111487337191946887");
        ledger.customer("C-OTHER", "Other Sarl", "FR7630006000011234567890189");
        ledger.invoice("INV-2026-004690", "C-HERVE", "2526.74");
        ledger.invoice("INV-2026-004691", "C-OTHER", "5531.33");

        MatchDecision d = engine.decide(pay("2526.74", "DE87111487337191946887", "Facture INV-2026-004691"), ledger);

        assertThat(d).isInstanceOfSatisfying(MatchDecision.Suggest.class, s ->
                assertThat(s.ranked().get(0).explanation()).contains("belongs to customer C-HERVE"));
    }

    @Test
    void theSameReferenceFromTheCustomersOwnIbanIsApplied() {
        ledger.customer("C-OTHER", "Other Sarl", "FR7630006000011234567890189");
        ledger.invoice("INV-2026-004691", "C-OTHER", "5531.33");
        assertThat(engine.decide(pay("5531.33", "FR7630006000011234567890189", "Facture INV-2026-004691"), ledger))
                .isInstanceOf(MatchDecision.Allocate.class);
        // and from an IBAN nobody knows: the reference alone decides, as before
        assertThat(engine.decide(pay("5531.33", "NL91ABNA0417164300", "Facture INV-2026-004691"), ledger))
                .isInstanceOf(MatchDecision.Allocate.class);
    }
}
