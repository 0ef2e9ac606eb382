package io.encaisse.bank.internal.parser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Statement-level data of one camt Stmt / Rpt / Ntfctn or one MT940 :20: block. */
public record StatementHeader(String format, String messageVersion,
        String messageId, Instant creationTime, String statementId, Long electronicSequence,
        String accountIban, String accountOtherId, String accountCurrency, String servicerBic,
        LocalDate fromDate, LocalDate toDate, List<Balance> balances) {
    public StatementHeader {
        balances = balances == null ? List.of() : List.copyOf(balances);
    }
}
