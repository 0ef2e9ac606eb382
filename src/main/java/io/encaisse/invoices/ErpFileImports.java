package io.encaisse.invoices;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The CSV files the ERP dropped, each with its report (what was read, created, updated, unchanged, rejected). */
public interface ErpFileImports {

    /** Newest first, without their rejected rows. */
    List<ErpFileImportView> latest(int limit);

    /** With every rejected row kept (line number and reason). */
    Optional<ErpFileImportView> find(UUID id);
}
