package io.encaisse.bank.internal.parser;

/**
 * Receives a statement file as a stream: for each statement, {@link #startStatement}, every entry, {@link #endStatement}.
 * If {@link StatementParser#parse} throws, everything received for that file must be discarded (the parser streams and
 * cannot take back entries already delivered).
 */
public interface StatementSink {
    void startStatement(StatementHeader header);

    void entry(ParsedEntry entry);

    void endStatement();
}
