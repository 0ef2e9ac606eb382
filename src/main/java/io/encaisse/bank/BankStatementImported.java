package io.encaisse.bank;

/** A statement was imported whole; its entries can be read through {@link BankStatements#entriesOf}. */
public record BankStatementImported(BankStatementId statementId, String account, int entries) {
}
