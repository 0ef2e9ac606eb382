package io.encaisse.reconciliation.internal.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a booked bank entry means for receivables: a customer's payment, the bank taking back an earlier credit
 * (a return or reversal), or neither.
 *
 * <p>A return of a credit is a debit that (a) carries the reversal indicator (camt {@code RvslInd}, MT940 {@code RC}),
 * or (b) carries a return reason in a transaction detail (camt {@code RtrInf/Rsn}), or (c) has a reversal bank
 * transaction code: sub-family RRTN, RPCR, RRCT, ARET, UPDD or PRDD, or family RRCT. A credit that is a reversal
 * (it undoes one of our debits) or that carries a return reason (one of our outgoing payments came back) is not
 * a customer's payment and is left out of reconciliation.
 */
public final class ReturnRule {

    /** Sub-families (and families) of ISO 20022 bank transaction codes that mean "reversal of an earlier booking". */
    static final Set<String> REVERSAL_CODES = Set.of("RRTN", "RPCR", "RRCT", "ARET", "UPDD", "PRDD");

    public enum Kind {
        /** a booked customer payment: matched to invoices */
        PAYMENT,
        /** a booked debit that takes back an earlier credit: undoes its allocations */
        RETURN_OF_CREDIT,
        /** pending lines, ordinary debits, credit reversals and returned outgoing payments */
        OTHER
    }

    private ReturnRule() {
    }

    /**
     * @param status the entry's booking status (null when the format has none: taken as booked)
     * @param returnReasons the return reason of each transaction detail (nulls allowed)
     * @param family the bank transaction code family (null when unknown)
     * @param subFamily the bank transaction code sub-family (null when unknown)
     */
    public static Kind classify(boolean credit, boolean reversal, String status, List<String> returnReasons, String family,
            String subFamily) {
        if (status != null && !"BOOK".equals(status)) {
            return Kind.OTHER;
        }
        boolean hasReturnReason = returnReasons.stream().anyMatch(Objects::nonNull);
        boolean reversalCode = isReversalCode(family) || isReversalCode(subFamily);
        if (credit) {
            return reversal || hasReturnReason ? Kind.OTHER : Kind.PAYMENT;
        }
        return reversal || hasReturnReason || reversalCode ? Kind.RETURN_OF_CREDIT : Kind.OTHER;
    }

    private static boolean isReversalCode(String code) {
        return code != null && REVERSAL_CODES.contains(code.trim().toUpperCase(Locale.ROOT));
    }
}
