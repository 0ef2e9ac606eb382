package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.reconciliation.internal.domain.ReturnRule.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnRuleTest {

    private static List<String> none() {
        return Arrays.asList((String) null);
    }

    @Test
    void aBookedCreditIsAPayment() {
        assertThat(ReturnRule.classify(true, false, "BOOK", none(), null, null)).isEqualTo(Kind.PAYMENT);
        assertThat(ReturnRule.classify(true, false, null, List.of(), "RCDT", "ESCT")).isEqualTo(Kind.PAYMENT);
    }

    @Test
    void pendingLinesAreLeftForTheirBooking() {
        assertThat(ReturnRule.classify(true, false, "PDNG", none(), null, null)).isEqualTo(Kind.OTHER);
        assertThat(ReturnRule.classify(false, true, "PDNG", List.of("AC04"), null, null)).isEqualTo(Kind.OTHER);
    }

    @Test
    void aDebitWithTheReversalIndicatorTakesBackACredit() {
        // oca-v2-abnamro-batch-return-reversal.xml entry 2: DBIT, RvslInd true, PMNT/IDDT/UPDD, RtrInf AC06
        assertThat(ReturnRule.classify(false, true, "BOOK", List.of("AC06", "AC06"), "IDDT", "UPDD"))
                .isEqualTo(Kind.RETURN_OF_CREDIT);
        assertThat(ReturnRule.classify(false, true, "BOOK", none(), null, null)).isEqualTo(Kind.RETURN_OF_CREDIT);
    }

    @Test
    void aDebitWithAReturnReasonOrAReversalCodeTakesBackACredit() {
        assertThat(ReturnRule.classify(false, false, "BOOK", Arrays.asList(null, "MD06"), null, null))
                .isEqualTo(Kind.RETURN_OF_CREDIT);
        for (String sub : List.of("RRTN", "RPCR", "RRCT", "ARET", "rrtn")) {
            assertThat(ReturnRule.classify(false, false, "BOOK", none(), "RCDT", sub)).isEqualTo(Kind.RETURN_OF_CREDIT);
        }
        assertThat(ReturnRule.classify(false, false, "BOOK", none(), "RRCT", null)).isEqualTo(Kind.RETURN_OF_CREDIT);
    }

    @Test
    void ordinaryDebitsAreNotReturns() {
        // oca-v2-abnamro entry 1: a plain direct debit of ours (PMNT/RDDT/ESDD)
        assertThat(ReturnRule.classify(false, false, "BOOK", none(), "RDDT", "ESDD")).isEqualTo(Kind.OTHER);
        assertThat(ReturnRule.classify(false, false, "BOOK", List.of(), null, null)).isEqualTo(Kind.OTHER);
    }

    @Test
    void creditReversalsAndReturnedOutgoingPaymentsAreNoCustomerPayments() {
        // goldmansachs-v2-us-sample.xml: CRDT with RvslInd true ("ACH Credit Reject") undoes one of our debits
        assertThat(ReturnRule.classify(true, true, "BOOK", none(), null, null)).isEqualTo(Kind.OTHER);
        // postfinance-v8-return-collective.xml: CRDT, RvslInd false, PMNT/ICDT/RRTN, RtrInf AC01: our transfer came back
        assertThat(ReturnRule.classify(true, false, "BOOK", List.of("AC01"), "ICDT", "RRTN")).isEqualTo(Kind.OTHER);
    }
}
