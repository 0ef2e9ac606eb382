package io.encaisse.bank;

/**
 * A statement was imported whole. {@code entries} counts its lines; {@code newEntries} counts the lines that are new
 * money for the hub (a transaction seen for the first time, or a pending one now booked): exactly the entries
 * {@link BankStatements#entriesOf} streams for it. A line the hub had already seen (the camt.053 repeating a camt.052
 * booking, a re-delivered statement, a camt.054 detailing a booked batch) is linked to the earlier transaction and
 * not streamed again, so a listener never sees the same money twice.
 */
public record BankStatementImported(BankStatementId statementId, String account, int entries, int newEntries) {
}
