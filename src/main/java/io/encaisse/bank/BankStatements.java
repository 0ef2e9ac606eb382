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

    /** Streams a statement's entries in order without loading them all. */
    void entriesOf(BankStatementId statement, Consumer<BankEntryView> consumer);

    Optional<BankEntryView> entry(BankEntryId id);
}
