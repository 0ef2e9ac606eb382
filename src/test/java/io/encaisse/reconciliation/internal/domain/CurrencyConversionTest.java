package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A credit in another currency than the invoice it names: converted with the entry's exchange details, or left for a person. */
class CurrencyConversionTest {

    private static final AmountTolerance TOLERANCE = new AmountTolerance(new BigDecimal("1.00"), new BigDecimal("0.5"));

    private final InMemoryLedger ledger = new InMemoryLedger().customer("C-US", "Acme Inc");
    private final MatchEngine engine = MatchEngine.configured(MatchEngine.DEFAULT_RULES, TOLERANCE, new MatchEngine.Settings(true, 90, 10));

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    private static Money usd(String v) {
        return Money.of(v, "USD");
    }

    private static Payment eurPayment(String amount, Exchange fx, String remittance) {
        return new Payment(eur(amount), null, "ACME INC", null, List.of(), remittance, fx, List.of());
    }

    // --- Exchange on its own

    @Test
    void theInstructedAmountInTheInvoiceCurrencyIsWhatWasPaidInIt() {
        Exchange fx = new Exchange(usd("1000.00"), "USD", "EUR", null, new BigDecimal("0.9"));
        Exchange.Converted c = fx.convert(eur("925.93"), "USD").orElseThrow();
        assertThat(c.converted()).isEqualTo(usd("1000.00"));
        assertThat(c.effectiveRate()).isEqualByComparingTo("1.0799952480");
        assertThat(c.how()).contains("instructed 1000.00 USD");
    }

    @Test
    void theRateRespectsWhichCurrencyIsTheUnit() {
        // 1 USD = 0.9259 EUR: EUR 925.90 is USD 1000.00
        assertThat(new Exchange(null, "USD", "EUR", "USD", new BigDecimal("0.9259")).convert(eur("925.90"), "USD").orElseThrow()
                .converted()).isEqualTo(usd("1000.00"));
        // 1 EUR = 1.08 USD: EUR 925.93 is USD 1000.00
        assertThat(new Exchange(null, "USD", "EUR", "EUR", new BigDecimal("1.08")).convert(eur("925.93"), "USD").orElseThrow()
                .converted()).isEqualTo(usd("1000.00"));
        // no unit currency: one source unit buys `rate` target units (source EUR -> target USD at 1.08)
        assertThat(new Exchange(null, "EUR", "USD", null, new BigDecimal("1.08")).convert(eur("925.93"), "USD").orElseThrow()
                .converted()).isEqualTo(usd("1000.00"));
    }

    @Test
    void noRateForThePairGivesNoAmount() {
        assertThat(new Exchange(null, "GBP", "EUR", null, new BigDecimal("1.15")).convert(eur("100.00"), "USD")).isEmpty();
        assertThat(new Exchange(Money.of("100.00", "GBP"), null, null, null, null).convert(eur("115.00"), "USD")).isEmpty();
        assertThat(new Exchange(Money.of("100.00", "GBP"), null, null, null, null).currenciesOtherThan("EUR")).containsExactly("GBP");
        assertThat(new Exchange(null, "XYZ", "EUR", null, new BigDecimal("2")).currenciesOtherThan("EUR")).isEmpty();
    }

    // --- the engine

    @Test
    void aConvertedAmountThatSettlesTheNamedInvoiceIsApplied() {
        OpenItem inv = ledger.invoiceIn("USD", "INV-2026-0100", "C-US", "1000.00");
        MatchDecision d = engine.decide(eurPayment("925.93", new Exchange(usd("1000.00"), "USD", "EUR", "USD", new BigDecimal("0.92593")),
                "Invoice INV-2026-0100"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Allocate.class, a -> {
            assertThat(a.lines()).singleElement().satisfies(l -> {
                assertThat(l.item()).isEqualTo(inv);
                assertThat(l.amount()).isEqualTo(usd("1000.00"));
            });
            assertThat(a.unapplied()).isEqualTo(eur("0.00"));
            assertThat(a.fx().bank()).isEqualTo(eur("925.93"));
            assertThat(a.fx().converted()).isEqualTo(usd("1000.00"));
            assertThat(a.explanation()).contains("Currency conversion").contains("instructed 1000.00 USD");
        });
    }

    @Test
    void aConvertedAmountWithinToleranceIsAppliedWithTheDifferenceWrittenOff() {
        ledger.invoiceIn("USD", "INV-2026-0101", "C-US", "1000.00");
        // 925.50 EUR at 1 EUR = 1.08 USD is USD 999.54: 0.46 short, within 1.00 and 0.5 %
        MatchDecision d = engine.decide(eurPayment("925.50", new Exchange(null, "EUR", "USD", "EUR", new BigDecimal("1.08")),
                "INV-2026-0101"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Allocate.class, a -> {
            assertThat(a.lines().get(0).amount()).isEqualTo(usd("999.54"));
            assertThat(a.lines().get(0).writeOff()).isEqualTo(usd("0.46"));
            assertThat(a.fx().rate()).isEqualByComparingTo("1.08");
        });
    }

    @Test
    void aConvertedPartialPaymentIsOnlySuggested() {
        ledger.invoiceIn("USD", "INV-2026-0102", "C-US", "1000.00");
        MatchDecision d = engine.decide(eurPayment("462.96", new Exchange(usd("500.00"), null, null, null, null), "INV-2026-0102"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> {
            assertThat(s.reason()).startsWith("Currency mismatch").contains("does not settle");
            assertThat(s.ranked().get(0).lines().get(0).amount()).isEqualTo(usd("500.00"));
            assertThat(s.ranked().get(0).fx()).isNotNull();
        });
    }

    @Test
    void withoutExchangeDetailsTheMismatchIsSuggestedNeverApplied() {
        OpenItem inv = ledger.invoiceIn("USD", "INV-2026-0103", "C-US", "1000.00");
        MatchDecision d = engine.decide(eurPayment("925.93", null, "INV-2026-0103"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> {
            assertThat(s.reason()).contains("currency mismatch: no exchange details");
            assertThat(s.ranked()).singleElement().satisfies(c -> {
                assertThat(c.lines().get(0).item()).isEqualTo(inv);
                assertThat(c.suggestOnly()).isTrue();
            });
        });
    }

    @Test
    void aPaymentInTheInvoiceCurrencyIgnoresItsExchangeDetails() {
        ledger.invoice("INV-2026-0104", "C-US", "500.00");
        MatchDecision d = engine.decide(eurPayment("500.00", new Exchange(usd("540.00"), "USD", "EUR", null, new BigDecimal("0.9259")),
                "INV-2026-0104"), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Allocate.class, a -> {
            assertThat(a.fx()).isNull();
            assertThat(a.lines().get(0).amount()).isEqualTo(eur("500.00"));
        });
    }
}
