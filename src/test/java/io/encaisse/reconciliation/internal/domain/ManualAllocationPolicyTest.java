package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ManualAllocationPolicyTest {

    private static Money eur(String v) {
        return Money.of(v, "EUR");
    }

    private static OpenItem item(String number, Money open, boolean payable) {
        return new OpenItem(UUID.randomUUID(), number, "C1", open, LocalDate.of(2026, 10, 31), payable);
    }

    private static ManualAllocationPolicy.Requested line(String number, String amount) {
        return new ManualAllocationPolicy.Requested(number, amount == null ? null : new BigDecimal(amount));
    }

    private static final Map<String, OpenItem> INVOICES = Map.of(
            "A", item("A", eur("300.00"), true),
            "B", item("B", eur("400.00"), true),
            "PAID", item("PAID", eur("0.00"), false),
            "CHF", item("CHF", Money.of("50.00", "CHF"), true));

    private static ManualAllocationPolicy.Decision validate(String unapplied, ManualAllocationPolicy.Requested... lines) {
        return ManualAllocationPolicy.validate(true, null, eur(unapplied), List.of(lines), INVOICES);
    }

    private static String rejection(ManualAllocationPolicy.Decision d) {
        assertThat(d).isInstanceOf(ManualAllocationPolicy.Rejected.class);
        return ((ManualAllocationPolicy.Rejected) d).detail();
    }

    @Test
    void acceptsLinesWithinOpenAmountsAndTheUnappliedTotal() {
        var accepted = (ManualAllocationPolicy.Accepted) validate("500.00", line("A", "300"), line("B", "200.00"));
        assertThat(accepted.total()).isEqualTo(eur("500.00"));
        assertThat(accepted.lines()).extracting(l -> l.amount()).containsExactly(eur("300.00"), eur("200.00"));
    }

    @Test
    void theTotalMayNotExceedWhatIsUnapplied() {
        assertThat(rejection(validate("499.99", line("A", "300"), line("B", "200")))).contains("total 500.00 EUR")
                .contains("only 499.99 EUR");
    }

    @Test
    void eachAmountMustBePositiveAndWithinTheOpenAmount() {
        assertThat(rejection(validate("900", line("A", "0")))).contains("greater than 0");
        assertThat(rejection(validate("900", line("A", "-5")))).contains("greater than 0");
        assertThat(rejection(validate("900", line("A", null)))).contains("greater than 0");
        assertThat(rejection(validate("900", line("A", "300.01")))).contains("exceeds its open amount 300.00 EUR");
        assertThat(rejection(validate("900", line("A", "10.001")))).contains("more decimals");
        assertThat(rejection(validate("900", line("PAID", "1")))).contains("nothing open");
    }

    @Test
    void sameCurrencyKnownInvoicesEachNamedOnce() {
        assertThat(rejection(validate("900", line("CHF", "10")))).contains("is in CHF");
        assertThat(rejection(validate("900", line("NOPE", "10")))).contains("Unknown invoice NOPE");
        assertThat(rejection(validate("900", line("A", "10"), line("A", "20")))).contains("named twice");
        assertThat(rejection(validate("900"))).contains("at least one invoice");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var rejected = (ManualAllocationPolicy.Rejected) validate("900", line("NOPE", "10"), line("A", "301"));
        assertThat(rejected.problems()).hasSize(2);
    }

    @Test
    void aTransactionThatCannotTakeAllocationsIsRefusedWithTheReason() {
        var d = ManualAllocationPolicy.validate(false, "It is a return.", eur("0.00"), List.of(line("A", "1")), INVOICES);
        assertThat(rejection(d)).isEqualTo("It is a return.");
    }

    @Test
    void anInvoiceInAnotherCurrencyTakesThePersonsAmountAtTheEntrysRateOrIsRefusedWithoutOne() {
        // the whole credit of EUR 52.63 was CHF 50.00 (instructed amount)
        Exchange.Converted rate = new Exchange(Money.of("50.00", "CHF"), null, null, null, null).convert(eur("52.63"), "CHF").orElseThrow();
        var accepted = (ManualAllocationPolicy.Accepted) ManualAllocationPolicy.validate(true, null, eur("52.63"),
                List.of(line("CHF", "52.63")), INVOICES, Map.of("CHF", rate));
        assertThat(accepted.lines().get(0).amount()).isEqualTo(Money.of("50.00", "CHF"));
        assertThat(accepted.bank()).containsExactly(eur("52.63"));
        assertThat(accepted.total()).isEqualTo(eur("52.63"));
        // half of it: half the CHF
        var half = (ManualAllocationPolicy.Accepted) ManualAllocationPolicy.validate(true, null, eur("52.63"),
                List.of(line("CHF", "26.32")), INVOICES, Map.of("CHF", rate));
        assertThat(half.lines().get(0).amount()).isEqualTo(Money.of("25.00", "CHF"));
        assertThat(rejection(validate("52.63", line("CHF", "52.63")))).contains("gives no exchange details");
    }
}
