package io.encaisse.invoices.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.PaymentStatus;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionCalculatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final CustomerRef C = new CustomerRef("C-1");

    private static InvoiceView inv(String number, String amount, String open, LocalDate due, InvoiceStatus status, LocalDate paid) {
        return new InvoiceView(InvoiceId.random(), new InvoiceNumber(number), CustomerId.random(), C, due.minusDays(30), due,
                Money.of(amount, "EUR"), Money.of(open, "EUR"), status, paid, null, null);
    }

    @Test
    void sumsOutstandingAndOverdueAndFindsTheOldest() {
        CustomerPosition p = PositionCalculator.position(C, "EUR", List.of(
                inv("A", "100", "100", TODAY.minusDays(10), InvoiceStatus.OPEN, null),
                inv("B", "200", "50", TODAY.minusDays(45), InvoiceStatus.PARTIALLY_PAID, TODAY.minusDays(3)),
                inv("C", "300", "300", TODAY.plusDays(5), InvoiceStatus.OPEN, null),
                inv("D", "400", "0", TODAY.minusDays(90), InvoiceStatus.PAID, TODAY.minusDays(60)),
                new InvoiceView(InvoiceId.random(), new InvoiceNumber("E"), CustomerId.random(), C, TODAY.minusDays(30),
                        TODAY.minusDays(1), Money.of("999", "USD"), Money.of("999", "USD"), InvoiceStatus.OPEN, null, null, null)),
                TODAY);
        assertThat(p.outstanding()).isEqualTo(Money.of("450", "EUR"));
        assertThat(p.overdue()).isEqualTo(Money.of("150", "EUR"));
        assertThat(p.oldestOverdueDays()).isEqualTo(45);
        assertThat(p.overdueInvoices()).isEqualTo(2);
        assertThat(p.openInvoices()).isEqualTo(3);
        assertThat(p.lastPaymentDate()).isEqualTo(TODAY.minusDays(3));
        assertThat(p.paymentStatus()).isEqualTo(PaymentStatus.OVERDUE);
    }

    @Test
    void dueTodayIsNotOverdueAndNothingOpenIsSettled() {
        assertThat(PositionCalculator.position(C, "EUR", List.of(inv("A", "100", "100", TODAY, InvoiceStatus.OPEN, null)), TODAY)
                .paymentStatus()).isEqualTo(PaymentStatus.CURRENT);
        assertThat(PositionCalculator.position(C, "EUR", List.of(), TODAY).paymentStatus()).isEqualTo(PaymentStatus.SETTLED);
    }
}
