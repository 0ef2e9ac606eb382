package io.encaisse.bank.internal.parser;

import java.util.ArrayList;
import java.util.List;

/** Test sink that keeps everything (the sample files are small). */
final class CollectingSink implements StatementSink {
    record Statement(StatementHeader header, List<ParsedEntry> entries) {}

    final List<Statement> statements = new ArrayList<>();
    private Statement current;
    int totalEntries;

    @Override
    public void startStatement(StatementHeader header) {
        if (current != null) {
            throw new AssertionError("startStatement before endStatement");
        }
        current = new Statement(header, new ArrayList<>());
        statements.add(current);
    }

    @Override
    public void entry(ParsedEntry entry) {
        if (current == null) {
            throw new AssertionError("entry outside a statement");
        }
        if (entry.index() != current.entries().size()) {
            throw new AssertionError("entry index " + entry.index() + " out of order");
        }
        current.entries().add(entry);
        totalEntries++;
    }

    @Override
    public void endStatement() {
        if (current == null) {
            throw new AssertionError("endStatement without startStatement");
        }
        current = null;
    }
}
