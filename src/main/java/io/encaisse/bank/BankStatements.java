package io.encaisse.bank;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Bank statement intake and the imported statements. */
public interface BankStatements {

    /** Imports one file whole or not at all; never books the same file or statement twice. */
    ImportOutcome importFile(String fileName, String channel, InputStream content);

    /** Newest first; {@code status} null for all; {@code before} is the last importId of the previous page. */
    List<ImportView> imports(ImportStatus status, int limit, UUID before);

    Optional<ImportView> importById(UUID importId);

    /**
     * Streams, in statement order and without loading them all, the statement's entries that are new money: a transaction
     * first seen in this statement, or a pending one this statement books. A line repeating a transaction reported before
     * (camt.052 then camt.053, a re-delivery, a camt.054 detailing a booked batch) is not streamed again; its details are
     * merged into the earlier transaction, readable through {@link #entry}.
     */
    void entriesOf(BankStatementId statement, Consumer<BankEntryView> consumer);

    Optional<BankEntryView> entry(BankEntryId id);
}
