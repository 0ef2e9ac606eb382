package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule on its own, and the engine's decisions over them. */
class MatchRulesTest {

    private static final AmountTolerance TOLERANCE = new AmountTolerance(new BigDecimal("1.00"), new BigDecimal("0.5"));
    private static final String IBAN = "FR7630004000031234567890143";

    private final InMemoryLedger ledger = new InMemoryLedger()
            .customer("C-ACME", "ACME SAS", IBAN)
            .customer("C-DUP", "Dupont et Fils SARL");

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    private static Payment pay(String amount, String remittance, String... structured) {
        return new Payment(eur(amount), null, null, null, List.of(structured), remittance);
    }

    private static Payment from(String amount, String name, String iban) {
        return new Payment(eur(amount), null, name, iban, List.of(), "Merci");
    }

    private static MatchEngine engine(int threshold) {
        return MatchEngine.configured(MatchEngine.DEFAULT_RULES, TOLERANCE, new MatchEngine.Settings(true, threshold, 10));
    }

    // --- structured-reference

    @Test
    void aValidRfReferenceOfOurInvoiceScores100() {
        OpenItem inv = ledger.invoice("INV-2026-0042", "C-ACME", "1200.00");
        MatchRule.Proposal p = new StructuredReferenceRule(TOLERANCE).propose(pay("1200.00", "", RfReference.forInvoice("INV-2026-0042")), ledger);
        assertThat(p.candidates()).singleElement().satisfies(c -> {
            assertThat(c.score()).isEqualTo(100);
            assertThat(c.lines().get(0).item()).isEqualTo(inv);
            assertThat(c.explanation()).contains("RF creditor reference").contains("INV-2026-0042");
            assertThat(c.evidence().reference()).startsWith("RF");
            assertThat(c.evidence().amount()).isEqualTo("exact");
        });
    }

    @Test
    void anRfReferenceWithWrongCheckDigitsIsNoEvidence() {
        ledger.invoice("INV-2026-0042", "C-ACME", "1200.00");
        String rf = RfReference.forInvoice("INV-2026-0042");
        String broken = "RF" + (rf.charAt(2) == '9' ? '1' : (char) (rf.charAt(2) + 1)) + rf.substring(3);
        assertThat(new StructuredReferenceRule(TOLERANCE).propose(pay("1200.00", "", broken), ledger).candidates()).isEmpty();
    }

    @Test
    void qrAndBelgianReferencesAreComparedWithTheInvoiceNumbersDigits() {
        ledger.invoice("2026001", "C-ACME", "300.00");
        ledger.invoice("F-88123", "C-DUP", "45.00");
        StructuredReferenceRule rule = new StructuredReferenceRule(TOLERANCE);
        assertThat(rule.propose(pay("300.00", "", RfReference.qrReferenceFor("2026001")), ledger).candidates())
                .singleElement().extracting(Candidate::score).isEqualTo(100);
        assertThat(rule.propose(pay("45.00", "Mededeling " + RfReference.belgianFor("88123")), ledger).candidates())
                .singleElement().satisfies(c -> assertThat(c.explanation()).contains("structured communication"));
        assertThat(rule.propose(pay("45.00", "", RfReference.belgianFor("99999")), ledger))
                .satisfies(p -> {
                    assertThat(p.candidates()).isEmpty();
                    assertThat(p.notes()).singleElement().asString().contains("encodes no invoice");
                });
    }

    // --- invoice-number

    @Test
    void invoiceNumbersInNoisyText() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        InvoiceNumberRule rule = new InvoiceNumberRule(TOLERANCE);
        for (String text : List.of("Facture n° INV2026001", "inv 2026 001 merci", "FACT:INV-2026-001", "Rechnung INV/2026/001",
                "Rechnung Nr. INV 2026-001")) {
            assertThat(rule.propose(pay("100.00", text), ledger).candidates()).as(text).singleElement()
                    .satisfies(c -> assertThat(c.lines().get(0).item().invoiceNumber()).isEqualTo("INV-2026-001"));
        }
        Candidate token = rule.propose(pay("100.00", "Paiement INV2026001"), ledger).candidates().get(0);
        assertThat(token.score()).isEqualTo(95);
        assertThat(token.allocationRule()).isEqualTo(MatchPolicy.RULE_SINGLE);
        // cut across two remittance lines (joined with a space): found by joining, a little less sure
        Candidate joined = rule.propose(pay("100.00", "Paiement facture INV-2026- 001"), ledger).candidates().get(0);
        assertThat(joined.score()).isEqualTo(90);
        assertThat(joined.explanation()).contains("joining");
    }

    @Test
    void severalNumbersInOneLineAreGroupedAndPartialAndOverpaymentsScoreLower() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        ledger.invoice("INV-2026-002", "C-ACME", "50.00");
        InvoiceNumberRule rule = new InvoiceNumberRule(TOLERANCE);
        Candidate grouped = rule.propose(pay("150.00", "INV-2026-001/INV-2026-002"), ledger).candidates().get(0);
        assertThat(grouped.lines()).hasSize(2);
        assertThat(grouped.score()).isEqualTo(95);
        assertThat(grouped.allocationRule()).isEqualTo(MatchPolicy.RULE_GROUPED);
        assertThat(rule.propose(pay("40.00", "INV-2026-001"), ledger).candidates().get(0).score()).isEqualTo(90);
        assertThat(rule.propose(pay("130.00", "INV-2026-001"), ledger).candidates().get(0).unapplied()).isEqualTo(eur("30.00"));
    }

    @Test
    void aSmallShortfallIsWrittenOffWithItsReason() {
        OpenItem inv = ledger.invoice("INV-2026-001", "C-ACME", "200.00");
        Candidate c = new InvoiceNumberRule(TOLERANCE).propose(pay("199.70", "INV-2026-001"), ledger).candidates().get(0);
        assertThat(c.score()).isEqualTo(93);
        assertThat(c.lines()).singleElement().isEqualTo(new MatchDecision.Line(inv, eur("199.70"), eur("0.30")));
        assertThat(c.unapplied()).isEqualTo(eur("0.00"));
        assertThat(c.explanation()).contains("difference of 0.30 EUR treated as bank charges");
        Payment withCharges = new Payment(eur("185.00"), eur("15.00"), null, null, List.of(), "INV-2026-001");
        assertThat(new InvoiceNumberRule(TOLERANCE).propose(withCharges, ledger).candidates().get(0).lines().get(0).writeOff())
                .isEqualTo(eur("15.00"));
    }

    @Test
    void nothingNamedSaysSo() {
        assertThat(new InvoiceNumberRule(TOLERANCE).propose(pay("10.00", "Merci pour tout"), ledger).notes())
                .containsExactly("No invoice number of ours found in the remittance information");
    }

    // --- payer-iban and payer-name

    @Test
    void aKnownIbanWithTheExactAmountOfItsOneOpenInvoice() {
        OpenItem inv = ledger.invoice("INV-9", "C-ACME", "350.00");
        ledger.invoice("INV-10", "C-ACME", "99.00");
        Candidate c = new PayerIbanRule().propose(from("350.00", null, IBAN), ledger).candidates().get(0);
        assertThat(c.score()).isEqualTo(PayerIbanRule.SINGLE);
        assertThat(c.lines().get(0).item()).isEqualTo(inv);
        assertThat(c.evidence().iban()).contains(IBAN);
    }

    @Test
    void aKnownIbanWithAUniqueCombinationOfOpenInvoices() {
        ledger.invoice("INV-1", "C-ACME", "100.00");
        ledger.invoice("INV-2", "C-ACME", "250.50");
        ledger.invoice("INV-3", "C-ACME", "40.00");
        Candidate c = new PayerIbanRule().propose(from("290.50", null, IBAN), ledger).candidates().get(0);
        assertThat(c.score()).isEqualTo(PayerIbanRule.SUBSET);
        assertThat(c.lines()).extracting(l -> l.item().invoiceNumber()).containsExactly("INV-2", "INV-3");
        assertThat(new PayerIbanRule().propose(from("1.00", null, IBAN), ledger).notes()).singleElement().asString()
                .contains("none of its 3 open invoices");
    }

    @Test
    void anIbanOfAnAcceptedPayerRuleScoresALittleLower() {
        ledger.invoice("INV-7", "C-DUP", "80.00");
        ledger.learned.put("DE89370400440532013000", "C-DUP");
        assertThat(new PayerIbanRule().propose(from("80.00", null, "DE89370400440532013000"), ledger).candidates())
                .singleElement().satisfies(c -> {
                    assertThat(c.score()).isEqualTo(PayerIbanRule.SINGLE_LEARNED);
                    assertThat(c.explanation()).contains("accepted payer rule");
                    assertThat(c.suggestOnly()).isFalse();
                });
        assertThat(engine(80).decide(from("80.00", null, "DE89370400440532013000"), ledger)).isInstanceOf(MatchDecision.Allocate.class);
    }

    @Test
    void anIbanOnlyAProposedRuleGivesIsSuggestedWhateverTheThreshold() {
        ledger.invoice("INV-7", "C-DUP", "80.00");
        ledger.proposed.put("DE89370400440532013000", "C-DUP");
        assertThat(new PayerIbanRule().propose(from("80.00", null, "DE89370400440532013000"), ledger).candidates())
                .singleElement().satisfies(c -> {
                    assertThat(c.score()).isEqualTo(PayerIbanRule.SINGLE_PROPOSED);
                    assertThat(c.explanation()).contains("proposed payer rule");
                    assertThat(c.suggestOnly()).isTrue();
                });
        assertThat(engine(0).decide(from("80.00", null, "DE89370400440532013000"), ledger))
                .isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> assertThat(s.reason()).contains("proposed payer rule"));
    }

    @Test
    void aHeldBackProposedIbanStillHoldsBackAReferenceToAnotherCustomer() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        ledger.proposed.put("DE89370400440532013000", "C-DUP");
        assertThat(engine(90).decide(new Payment(eur("100.00"), null, null, "DE89370400440532013000", List.of(), "INV-2026-001"), ledger))
                .isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> assertThat(s.reason()).contains("Held back"));
    }

    // --- customer-reference

    @Test
    void aConfiguredReferenceIdentifiesThePayerHoweverItIsWritten() {
        ledger.invoice("INV-7", "C-DUP", "80.00");
        ledger.invoice("INV-8", "C-DUP", "95.00");
        ledger.references.add(new PayerReference("C-DUP", "CLIENT 4711", PayerReference.Match.EXACT, true));
        for (String text : List.of("Virement client-4711 octobre", "CLIENT4711", "Ref: Client 4711.")) {
            assertThat(new CustomerReferenceRule().propose(pay("80.00", text), ledger).candidates()).as(text)
                    .singleElement().satisfies(c -> {
                        assertThat(c.score()).isEqualTo(CustomerReferenceRule.SINGLE);
                        assertThat(c.lines().get(0).item().invoiceNumber()).isEqualTo("INV-7");
                        assertThat(c.explanation()).contains("'CLIENT 4711'").contains("C-DUP");
                    });
        }
        assertThat(new CustomerReferenceRule().propose(pay("80.00", "CLIENT 47110"), ledger).candidates()).isEmpty();
        // combinations too
        assertThat(new CustomerReferenceRule().propose(pay("175.00", "client 4711"), ledger).candidates())
                .singleElement().satisfies(c -> assertThat(c.score()).isEqualTo(CustomerReferenceRule.SUBSET));
        // only without an invoice reference, and suggested at the default threshold
        assertThat(engine(90).decide(pay("80.00", "client 4711"), ledger)).isInstanceOf(MatchDecision.Suggest.class);
        assertThat(engine(85).decide(pay("80.00", "client 4711"), ledger)).isInstanceOf(MatchDecision.Allocate.class);
    }

    @Test
    void prefixAndRegexReferencesAndProposedOnes() {
        ledger.invoice("INV-7", "C-DUP", "80.00");
        ledger.references.add(new PayerReference("C-DUP", "KD47", PayerReference.Match.PREFIX, true));
        assertThat(new CustomerReferenceRule().propose(pay("80.00", "Zahlung KD4711"), ledger).candidates()).hasSize(1);
        assertThat(new CustomerReferenceRule().propose(pay("80.00", "Zahlung XKD4711"), ledger).candidates()).isEmpty();
        ledger.references.clear();
        ledger.references.add(new PayerReference("C-DUP", "contrat\\s+n?\\s*DF-\\d{4}", PayerReference.Match.REGEX, false));
        assertThat(new CustomerReferenceRule().propose(pay("80.00", "Contrat n DF-2231 echeance"), ledger).candidates())
                .singleElement().satisfies(c -> {
                    assertThat(c.score()).isEqualTo(CustomerReferenceRule.SINGLE_PROPOSED);
                    assertThat(c.suggestOnly()).isTrue();
                });
        assertThat(engine(0).decide(pay("80.00", "Contrat n DF-2231 echeance"), ledger)).isInstanceOf(MatchDecision.Suggest.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PayerReference("C-DUP", "([", PayerReference.Match.REGEX, true))
                .hasMessageContaining("not a valid regular expression");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PayerReference("C-DUP", "a-1", PayerReference.Match.EXACT, true))
                .hasMessageContaining("too short");
    }

    @Test
    void aPartOfTheNamedInvoiceThatIsExactlyAnotherOpenInvoiceOfTheCustomerIsHeldBack() {
        ledger.invoice("INV-2026-0690", "C-ACME", "2526.74");
        ledger.invoice("INV-2026-0691", "C-ACME", "5531.33");
        // the payer pays 0690 but typed 0691: a partial payment of 0691 is not applied
        assertThat(engine(90).decide(pay("2526.74", "Facture INV-2026-0691"), ledger)).isInstanceOfSatisfying(MatchDecision.Suggest.class,
                s -> {
                    assertThat(s.reason()).contains("a typo in the number?");
                    assertThat(s.ranked()).extracting(c -> c.lines().get(0).item().invoiceNumber())
                            .containsExactly("INV-2026-0691", "INV-2026-0690");
                });
        // a partial payment without such a twin is applied
        assertThat(engine(90).decide(pay("1000.00", "Facture INV-2026-0691"), ledger)).isInstanceOf(MatchDecision.Allocate.class);
    }

    // --- invoice-number without its prefix

    @Test
    void aNumberWrittenWithoutItsPrefixIsFoundByItsDigitsOnlyWhenUniqueAndExact() {
        ledger.invoice("INV-2026-0042", "C-ACME", "1200.00");
        for (String text : List.of("Facture 2026-0042", "20260042", "Rechnung 2026/0042 vom 01.10.2026")) {
            assertThat(engine(90).decide(pay("1200.00", text), ledger)).as(text).isInstanceOfSatisfying(MatchDecision.Allocate.class,
                    a -> {
                        assertThat(a.lines()).singleElement().satisfies(l -> assertThat(l.item().invoiceNumber()).isEqualTo("INV-2026-0042"));
                        assertThat(a.explanation()).contains("without its prefix").contains("score " + InvoiceNumberRule.BASE_DIGITS);
                    });
        }
        // not the exact amount: no candidate (a partial payment needs the whole number)
        assertThat(engine(90).decide(pay("1000.00", "Facture 2026-0042"), ledger)).isInstanceOfSatisfying(MatchDecision.Review.class,
                r -> assertThat(r.reason()).contains("only the exact open amount"));
        // too short to be taken alone
        ledger.invoice("INV-77", "C-ACME", "50.00");
        assertThat(engine(90).decide(pay("50.00", "Facture 77"), ledger)).isInstanceOf(MatchDecision.Review.class);
        // digits shared by another invoice: never taken
        ledger.invoice("PRO-2026-0042", "C-DUP", "1200.00");
        assertThat(engine(90).decide(pay("1200.00", "Facture 2026-0042"), ledger)).isInstanceOfSatisfying(MatchDecision.Review.class,
                r -> assertThat(r.reason()).contains("digits of 2 invoices"));
    }

    @Test
    void aPayerNameLikeACustomersName() {
        ledger.invoice("INV-7", "C-DUP", "80.00");
        assertThat(new PayerNameRule().propose(from("80.00", "DUPONT & FILS", null), ledger).candidates())
                .singleElement().satisfies(c -> {
                    assertThat(c.score()).isEqualTo(PayerNameRule.SINGLE);
                    assertThat(c.evidence().name()).contains("Dupont et Fils SARL");
                });
        assertThat(new PayerNameRule().propose(from("80.00", "Durand Freres", null), ledger).candidates()).isEmpty();
    }

    // --- decisions

    @Test
    void aReferenceMatchAtOrAboveTheThresholdIsApplied() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        assertThat(engine(90).decide(pay("100.00", "INV-2026-001"), ledger)).isInstanceOfSatisfying(MatchDecision.Allocate.class,
                a -> {
                    assertThat(a.rule()).isEqualTo(MatchPolicy.RULE_SINGLE);
                    assertThat(a.explanation()).contains("score 95");
                });
    }

    @Test
    void payerRulesRunOnlyWithoutAReferenceAndAreSuggestedBelowTheThreshold() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        ledger.invoice("INV-2026-002", "C-ACME", "40.00");
        // names INV-2026-001 and partially pays it: the payer rules do not run
        assertThat(engine(90).decide(new Payment(eur("55.00"), null, "ACME", IBAN, List.of(), "INV-2026-001"), ledger))
                .isInstanceOf(MatchDecision.Allocate.class);
        // (40.00, exactly the customer's other open invoice, would be held back as a possible typo: see below)
        MatchDecision noRef = engine(90).decide(from("40.00", "ACME SAS", IBAN), ledger);
        assertThat(noRef).isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> {
            assertThat(s.ranked()).hasSize(1); // IBAN and name propose the same: counted once, with the higher score
            assertThat(s.ranked().get(0).score()).isEqualTo(PayerIbanRule.SINGLE);
            assertThat(s.reason()).contains("below the threshold of 90");
        });
        assertThat(engine(85).decide(from("40.00", "ACME SAS", IBAN), ledger)).isInstanceOf(MatchDecision.Allocate.class);
    }

    @Test
    void twoEquallyGoodCandidatesAreNeverApplied() {
        ledger.invoice("INV-A1", "C-ACME", "100.00");
        ledger.invoice("INV-B2", "C-ACME", "100.00");
        for (int threshold : List.of(0, 50, 85)) {
            assertThat(engine(threshold).decide(from("100.00", null, IBAN), ledger)).as("threshold " + threshold)
                    .isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> {
                        assertThat(s.ranked()).hasSize(2);
                        assertThat(s.reason()).startsWith("Ambiguous");
                    });
        }
        // the same with both numbers named: each alone pays exactly, neither is preferred
        assertThat(MatchEngine.configured(MatchEngine.DEFAULT_RULES, TOLERANCE, new MatchEngine.Settings(true, 0, 0))
                .decide(pay("100.00", "INV-A1 INV-B2"), ledger)).isInstanceOf(MatchDecision.Suggest.class);
    }

    @Test
    void conflictingReferencesWithinTheMarginAreSuggested() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        ledger.invoice("INV-2026-002", "C-ACME", "100.00");
        MatchDecision d = engine(90).decide(pay("100.00", "Paiement INV-2026-002", RfReference.forInvoice("INV-2026-001")), ledger);
        assertThat(d).isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> {
            assertThat(s.ranked()).extracting(Candidate::score).containsExactly(100, 95);
            assertThat(s.reason()).startsWith("Too close to call");
        });
    }

    @Test
    void withoutCandidatesTheReasonsAreKept() {
        ledger.paid("INV-2026-001", "C-ACME");
        assertThat(engine(90).decide(pay("100.00", "INV-2026-001"), ledger))
                .isInstanceOfSatisfying(MatchDecision.Review.class, r -> assertThat(r.reason()).contains("nothing open"));
        assertThat(engine(90).decide(pay("100.00", "Merci"), ledger))
                .isInstanceOfSatisfying(MatchDecision.Review.class, r -> assertThat(r.reason()).contains("No invoice number"));
    }

    @Test
    void automaticApplicationOffSuggestsEvenTheBest() {
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        assertThat(MatchEngine.configured(MatchEngine.DEFAULT_RULES, TOLERANCE, new MatchEngine.Settings(false, 90, 10))
                .decide(pay("100.00", "INV-2026-001"), ledger))
                .isInstanceOfSatisfying(MatchDecision.Suggest.class, s -> assertThat(s.reason()).contains("switched off"));
    }

    @Test
    void rulesRunInTheConfiguredOrderAndUnknownRulesAreRefused() {
        MatchEngine e = MatchEngine.configured(List.of("invoice-number", "payer-name"), TOLERANCE, new MatchEngine.Settings(true, 90, 10));
        assertThat(e.ruleNames()).containsExactly("invoice-number", "payer-name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MatchEngine.configured(List.of("fuzzy"), TOLERANCE,
                new MatchEngine.Settings(true, 90, 10))).hasMessageContaining("Unknown reconciliation rule 'fuzzy'");
        // without the structured rule, an RF reference is no evidence
        ledger.invoice("INV-2026-001", "C-ACME", "100.00");
        assertThat(e.decide(pay("100.00", "", RfReference.forInvoice("INV-2026-001")), ledger)).isInstanceOf(MatchDecision.Review.class);
    }
}
