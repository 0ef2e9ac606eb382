package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule end-to-end-reference: the payer's end-to-end / mandate id is the purchase order the ERP sent with the invoice. */
class EndToEndReferenceRuleTest {

    private static final AmountTolerance TOLERANCE = new AmountTolerance(new BigDecimal("1.00"), new BigDecimal("0.5"));

    private final InMemoryLedger ledger = new InMemoryLedger().customer("C-ACME", "ACME SAS").customer("C-DUP", "Dupont SARL");
    private final MatchEngine engine = MatchEngine.configured(MatchEngine.DEFAULT_RULES, TOLERANCE, new MatchEngine.Settings(true, 90, 10));

    private static Payment withIds(String amount, String... ids) {
        return new Payment(Money.of(amount, "EUR"), null, "Someone", null, List.of(), "Payment", null, List.of(ids));
    }

    @Test
    void anEndToEndIdThatIsTheInvoicesPurchaseOrderNamesItScoredLikeAnInvoiceNumber() {
        OpenItem inv = ledger.invoice("INV-2026-0300", "C-ACME", "640.00");
        ledger.purchaseOrder("PO-778812", inv);
        MatchRule.Proposal p = new EndToEndReferenceRule(TOLERANCE).propose(withIds("640.00", "PO-778812"), ledger);
        assertThat(p.candidates()).singleElement().satisfies(c -> {
            assertThat(c.score()).isEqualTo(InvoiceNumberRule.BASE);
            assertThat(c.lines().get(0).item()).isEqualTo(inv);
            assertThat(c.explanation()).contains("PO-778812").contains("INV-2026-0300");
        });
        assertThat(engine.decide(withIds("640.00", "PO-778812"), ledger)).isInstanceOfSatisfying(MatchDecision.Allocate.class,
                a -> assertThat(a.rule()).isEqualTo(EndToEndReferenceRule.NAME));
    }

    @Test
    void aMandateIdOfSeveralInvoicesSettlesThemWhenThePaymentIsTheirTotal() {
        OpenItem a = ledger.invoice("INV-2026-0301", "C-ACME", "100.00");
        OpenItem b = ledger.invoice("INV-2026-0302", "C-ACME", "50.00");
        ledger.purchaseOrder("MANDATE-9", a, b);
        MatchDecision d = engine.decide(withIds("150.00", "E2E-NOT-KNOWN", "MANDATE-9"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Allocate.class, x -> {
            assertThat(x.rule()).isEqualTo(EndToEndReferenceRule.RULE_GROUPED);
            assertThat(x.lines()).extracting(l -> l.item().invoiceNumber()).containsExactly("INV-2026-0301", "INV-2026-0302");
        });
        // one of them exactly: two equally good candidates would be a guess, so one of several is only suggested
        assertThat(engine.decide(withIds("50.00", "MANDATE-9"), ledger)).isInstanceOf(MatchDecision.Suggest.class);
    }

    @Test
    void idsThatAreNoPurchaseOrderProposeNothing() {
        ledger.invoice("INV-2026-0303", "C-ACME", "10.00");
        assertThat(new EndToEndReferenceRule(TOLERANCE).propose(withIds("10.00", "E2E-1"), ledger).candidates()).isEmpty();
        assertThat(new EndToEndReferenceRule(TOLERANCE).propose(withIds("10.00"), ledger).candidates()).isEmpty();
    }
}
