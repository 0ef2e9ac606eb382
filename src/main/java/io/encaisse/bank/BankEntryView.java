package io.encaisse.bank;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * One bank transaction: a booked (or pending) entry, however many statements reported it. {@code statementId} is the
 * statement it is read through (from {@link BankStatements#entriesOf}), else the one that booked it (or first
 * reported it while pending); {@code status} is what that statement said.
 *
 * @param identityKey our key of the transaction within its account (see the bank module's EntryIdentity)
 * @param timesReported how many statement lines reported this transaction (1 for a transaction seen once)
 * @param bankTxDomain ISO bank transaction code: domain (e.g. PMNT), family (e.g. RCDT) and sub-family (e.g. RRTN)
 */
public record BankEntryView(
        BankEntryId id,
        BankStatementId statementId,
        Money amount,
        boolean credit,
        boolean reversal,
        String status,
        LocalDate bookingDate,
        LocalDate valueDate,
        String accountServicerRef,
        String additionalInfo,
        List<TransactionDetail> details,
        String bankTxProprietary,
        Charges charges,
        AmountDetails amountDetails,
        String identityKey,
        int timesReported,
        String bankTxDomain,
        String bankTxFamily,
        String bankTxSubFamily) {
}
