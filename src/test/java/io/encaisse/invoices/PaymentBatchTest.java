package io.encaisse.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.encaisse.shared.Money;
import io.encaisse.support.HubTestBase;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Receivables#applyPayments}: the payments of a matched chunk applied together behave as {@code applyPayment} one
 * after the other would, and what listens to the single events (CRM push queue) hears the batch event.
 */
class PaymentBatchTest extends HubTestBase {

    @Autowired
    Receivables receivables;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    private CustomerView customer(String suffix) {
        return receivables.upsertCustomer(new CustomerRef("PB-" + run + "-" + suffix),
                new CustomerData("Payment batch " + suffix, "ap@example.com", "fr", "EUR", List.of(), null, null)).value();
    }

    private InvoiceView invoice(CustomerView customer, String number, String amount) {
        LocalDate today = LocalDate.now(clock);
        return receivables.upsertInvoice(new InvoiceNumber("PB-" + run + "-" + number), new InvoiceData(customer.ref(),
                today.minusDays(10), today.plusDays(20), Money.of(amount, "EUR"), null, false, null)).value();
    }

    @Test
    void paymentsAreAppliedInOrderNeverBeyondWhatIsOpenAndPublishedAsOneEvent() {
        CustomerView a = customer("A");
        CustomerView b = customer("B");
        InvoiceView first = invoice(a, "1", "100.00");
        InvoiceView second = invoice(b, "2", "50.00");
        LocalDate paidOn = LocalDate.now(clock).minusDays(1);
        // the upserts' own events handled first: from now on only the batch event can queue a push for them
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where completion_date is null and serialized_event like ?", Integer.class,
                "%PB-" + run + "-%") == 0);
        jdbc.update("delete from crm_account_sync where customer_id in (?, ?)", a.id().value(), b.id().value());

        List<PaymentApplication> applied = tx.execute(s -> receivables.applyPayments(List.of(
                new PaymentToApply(first.id(), Money.of("60.00", "EUR"), paidOn),
                new PaymentToApply(second.id(), Money.of("50.00", "EUR"), paidOn),
                new PaymentToApply(first.id(), Money.of("60.00", "EUR"), paidOn), // only 40.00 is left open
                new PaymentToApply(second.id(), Money.of("5.00", "EUR"), paidOn)))); // nothing is left

        assertThat(applied).extracting(p -> p.applied().amount().toPlainString())
                .containsExactly("60.00", "50.00", "40.00", "0.00");
        assertThat(applied.get(0).invoice().status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(applied.get(2).invoice().status()).isEqualTo(InvoiceStatus.PAID);
        InvoiceView firstNow = receivables.invoice(first.id()).orElseThrow();
        assertThat(firstNow.openAmount()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(firstNow.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(firstNow.lastPaymentDate()).isEqualTo(paidOn);
        assertThat(receivables.invoice(second.id()).orElseThrow().status()).isEqualTo(InvoiceStatus.PAID);
        // the single path still works on rows the batch wrote (its version was bumped)
        tx.executeWithoutResult(s -> assertThat(receivables.reversePayment(first.id(), Money.of("10.00", "EUR")).invoice()
                .openAmount()).isEqualTo(Money.of("10.00", "EUR")));

        // the CRM listener queued a push for both customers, from the one batch event
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from crm_account_sync where customer_id in (?, ?) and status = 'PENDING'", Integer.class,
                a.id().value(), b.id().value()) == 2);
    }

    @Test
    void anUnknownInvoiceFailsTheWholeBatch() {
        CustomerView c = customer("C");
        InvoiceView known = invoice(c, "3", "80.00");
        LocalDate today = LocalDate.now(clock);
        assertThatThrownBy(() -> tx.execute(s -> receivables.applyPayments(List.of(
                new PaymentToApply(known.id(), Money.of("80.00", "EUR"), today),
                new PaymentToApply(new InvoiceId(UUID.randomUUID()), Money.of("1.00", "EUR"), today)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(receivables.invoice(known.id()).orElseThrow().openAmount()).isEqualTo(Money.of("80.00", "EUR"));
    }
}
