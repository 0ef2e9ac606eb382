package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReturnMatcherTest {

    private static final String ACCOUNT = "NL77ABNA0574908765";
    private static final String PAYER = "NL46ABNA0499998748";
    private static final LocalDate RETURNED_ON = LocalDate.of(2026, 11, 20);

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    private static ReturnMatcher.Candidate credit(String amount, String e2e, String instr, String iban, LocalDate booked) {
        return new ReturnMatcher.Candidate(UUID.randomUUID(), eur(amount), ACCOUNT, e2e == null ? Set.of() : Set.of(e2e),
                instr == null ? Set.of() : Set.of(instr), iban, booked);
    }

    private static ReturnMatcher.Returned ret(String amount, String e2e, String instr, String iban) {
        return new ReturnMatcher.Returned(eur(amount), ACCOUNT, e2e, instr, iban, RETURNED_ON);
    }

    @Test
    void theEndToEndIdDecidesFirst() {
        var original = credit("564.05", "TESTBANK/NL/20141229/01206408", null, "NL00OTHER", RETURNED_ON.minusDays(300));
        var sameMoney = credit("564.05", null, null, PAYER, RETURNED_ON.minusDays(3));
        var found = (ReturnMatcher.Found) ReturnMatcher.find(ret("564.05", "TESTBANK/NL/20141229/01206408", null, PAYER),
                List.of(sameMoney, original));
        assertThat(found.original()).isEqualTo(original);
        assertThat(found.rule()).isEqualTo(ReturnMatcher.RULE_END_TO_END);
    }

    @Test
    void thenTheInstructionId() {
        var original = credit("100.00", null, "INSTR-7", PAYER, RETURNED_ON.minusDays(2));
        var found = (ReturnMatcher.Found) ReturnMatcher.find(ret("100.00", "E2E-UNKNOWN", "INSTR-7", null), List.of(original));
        assertThat(found.rule()).isEqualTo(ReturnMatcher.RULE_INSTRUCTION);
    }

    @Test
    void thenTheOneCreditOfTheSameAmountFromTheSameIbanWithinTheWindow() {
        var original = credit("250.00", null, null, "NL46 ABNA 0499 9987 48", RETURNED_ON.minusDays(10));
        var otherAmount = credit("250.01", null, null, PAYER, RETURNED_ON.minusDays(10));
        var otherPayer = credit("250.00", null, null, "FR7630006000011234567890189", RETURNED_ON.minusDays(10));
        var tooOld = credit("250.00", null, null, PAYER, RETURNED_ON.minusDays(ReturnMatcher.WINDOW_DAYS + 1));
        var later = credit("250.00", null, null, PAYER, RETURNED_ON.plusDays(1));
        var found = (ReturnMatcher.Found) ReturnMatcher.find(ret("250.00", "NOTPROVIDED", null, PAYER),
                List.of(otherAmount, otherPayer, tooOld, later, original));
        assertThat(found.original()).isEqualTo(original);
        assertThat(found.rule()).isEqualTo(ReturnMatcher.RULE_AMOUNT_IBAN);
    }

    @Test
    void twoPossibleOriginalsWaitForAPerson() {
        var a = credit("250.00", null, null, PAYER, RETURNED_ON.minusDays(10));
        var b = credit("250.00", null, null, PAYER, RETURNED_ON.minusDays(40));
        var outcome = ReturnMatcher.find(ret("250.00", null, null, PAYER), List.of(a, b));
        assertThat(outcome).isInstanceOf(ReturnMatcher.NotFound.class);
        assertThat(((ReturnMatcher.NotFound) outcome).reason()).contains("2 credits");
    }

    @Test
    void aPartialReturnOfACreditFoundByIdWaitsForAPerson() {
        // a batch collection credited as one entry, one of its payments returned
        var batch = credit("664.05", "TESTBANK/NL/20141229/01206408", null, PAYER, RETURNED_ON.minusDays(5));
        var outcome = ReturnMatcher.find(ret("564.05", "TESTBANK/NL/20141229/01206408", null, PAYER), List.of(batch));
        assertThat(((ReturnMatcher.NotFound) outcome).reason()).contains("partial return");
    }

    @Test
    void anUnknownIdFallsThroughToAmountAndIban() {
        var original = credit("80.00", "E2E-A", null, PAYER, RETURNED_ON.minusDays(1));
        var found = (ReturnMatcher.Found) ReturnMatcher.find(ret("80.00", "E2E-B", null, PAYER), List.of(original));
        assertThat(found.rule()).isEqualTo(ReturnMatcher.RULE_AMOUNT_IBAN);
    }

    @Test
    void otherAccountsAndCurrenciesNeverMatch() {
        var otherAccount = new ReturnMatcher.Candidate(UUID.randomUUID(), eur("80.00"), "FR7630006000011234567890189",
                Set.of("E2E-A"), Set.of(), PAYER, RETURNED_ON);
        var otherCurrency = new ReturnMatcher.Candidate(UUID.randomUUID(), Money.of("80.00", "CHF"), ACCOUNT,
                Set.of("E2E-A"), Set.of(), PAYER, RETURNED_ON);
        var outcome = ReturnMatcher.find(ret("80.00", "E2E-A", null, PAYER), List.of(otherAccount, otherCurrency));
        assertThat(outcome).isInstanceOf(ReturnMatcher.NotFound.class);
    }

    @Test
    void nothingToGoOnIsSaid() {
        var outcome = ReturnMatcher.find(ret("80.00", "NOTPROVIDED", null, null), List.of());
        assertThat(((ReturnMatcher.NotFound) outcome).reason()).contains("no counterparty IBAN");
        var none = ReturnMatcher.find(ret("80.00", null, null, PAYER), List.of());
        assertThat(((ReturnMatcher.NotFound) none).reason()).contains("no credit of that amount from " + PAYER);
    }
}
