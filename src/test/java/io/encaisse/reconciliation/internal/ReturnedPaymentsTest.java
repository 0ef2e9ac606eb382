package io.encaisse.reconciliation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.bank.BankEntryId;
import io.encaisse.bank.BankEntryView;
import io.encaisse.bank.BankStatementId;
import io.encaisse.bank.TransactionDetail;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a return entry splits into returned payments: one per transaction detail of a batch, else the whole entry. */
class ReturnedPaymentsTest {

    private static TransactionDetail detail(String amount, String e2e) {
        return new TransactionDetail(amount == null ? null : new BigDecimal(amount), "EUR", e2e, null, null, "Test Customer",
                "NL46ABNA0499998748", null, List.of("Direct Debit S14 0410"), List.of(), "AC06", null, null, null, null, null, null,
                null, null, null);
    }

    private static BankEntryView entry(String amount, TransactionDetail... details) {
        return new BankEntryView(new BankEntryId(UUID.randomUUID()), new BankStatementId(UUID.randomUUID()),
                Money.of(amount, "EUR"), false, true, "BOOK", LocalDate.of(2014, 1, 5), LocalDate.of(2014, 1, 5), null, null,
                List.of(details), null, null, null, null, 1);
    }

    @Test
    void aBatchWhoseDetailsAddUpReturnsOnePaymentPerDetail() {
        // oca-v2-abnamro-batch-return-reversal.xml entry 2: 664.05 = 564.05 + 100.00
        var parts = ReconciliationService.returnedPayments(entry("664.05", detail("564.05", "E1"), detail("100.00", "E2")));
        assertThat(parts).extracting(TransactionDetail::endToEndId).containsExactly("E1", "E2");
    }

    @Test
    void aSingleDetailOrDetailsThatDoNotAddUpAreOneReturnedPayment() {
        assertThat(ReconciliationService.returnedPayments(entry("100.00", detail("100.00", "E1")))).isEmpty();
        assertThat(ReconciliationService.returnedPayments(entry("664.05", detail("564.05", "E1"), detail("99.00", "E2"))))
                .isEmpty();
        assertThat(ReconciliationService.returnedPayments(entry("664.05", detail("564.05", "E1"), detail(null, "E2")))).isEmpty();
    }
}
