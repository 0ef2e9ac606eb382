package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MatchPolicyTest {

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    private static OpenItem item(String number, String customer, String open) {
        return new OpenItem(UUID.randomUUID(), number, customer, eur(open), LocalDate.of(2026, 10, 31), true);
    }

    @Test
    void exactPartialAndOverpaymentOfOneNamedInvoice() {
        var exact = (MatchDecision.Allocate) MatchPolicy.decide(eur("100"), List.of(item("A", "C1", "100")));
        assertThat(exact.lines().get(0).amount()).isEqualTo(eur("100"));
        assertThat(exact.unapplied()).isEqualTo(eur("0"));
        var partial = (MatchDecision.Allocate) MatchPolicy.decide(eur("40"), List.of(item("A", "C1", "100")));
        assertThat(partial.lines().get(0).amount()).isEqualTo(eur("40"));
        assertThat(partial.explanation()).contains("partial");
        var over = (MatchDecision.Allocate) MatchPolicy.decide(eur("130"), List.of(item("A", "C1", "100")));
        assertThat(over.unapplied()).isEqualTo(eur("30"));
        assertThat(over.explanation()).contains("overpayment");
    }

    @Test
    void severalNamedInvoicesAreSettledOnlyWhenThePaymentCoversThemAll() {
        var grouped = (MatchDecision.Allocate) MatchPolicy.decide(eur("500"), List.of(item("A", "C1", "300"), item("B", "C1", "200")));
        assertThat(grouped.rule()).isEqualTo(MatchPolicy.RULE_GROUPED);
        assertThat(grouped.lines()).hasSize(2);
        assertThat(MatchPolicy.decide(eur("450"), List.of(item("A", "C1", "300"), item("B", "C1", "200"))))
                .isInstanceOf(MatchDecision.Review.class);
    }

    @Test
    void ambiguityAndMismatchesGoToReview() {
        assertThat(MatchPolicy.decide(eur("100"), List.of())).isInstanceOf(MatchDecision.Review.class);
        assertThat(MatchPolicy.decide(eur("500"), List.of(item("A", "C1", "300"), item("B", "C2", "200"))))
                .isInstanceOfSatisfying(MatchDecision.Review.class, r -> assertThat(r.reason()).contains("different customers"));
        OpenItem usd = new OpenItem(UUID.randomUUID(), "U", "C1", Money.of("100", "USD"), LocalDate.of(2026, 1, 1), true);
        assertThat(MatchPolicy.decide(eur("100"), List.of(usd)))
                .isInstanceOfSatisfying(MatchDecision.Review.class, r -> assertThat(r.reason()).contains("USD"));
        OpenItem paid = new OpenItem(UUID.randomUUID(), "P", "C1", eur("0"), LocalDate.of(2026, 1, 1), false);
        assertThat(MatchPolicy.decide(eur("100"), List.of(paid)))
                .isInstanceOfSatisfying(MatchDecision.Review.class, r -> assertThat(r.reason()).contains("nothing open"));
    }
}
