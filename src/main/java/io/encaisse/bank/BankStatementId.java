package io.encaisse.bank;

import java.util.UUID;

/** Our key of one imported statement (the bank's own statement id is {@link StatementView#bankStatementId()}). */
public record BankStatementId(UUID value) {
    @Override
    public String toString() {
        return value.toString();
    }
}
