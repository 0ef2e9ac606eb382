package io.encaisse.invoices.internal;

import java.util.Collection;
import java.util.List;

/** The name-word look-up of {@link CustomerRepository}, in plain JDBC (see {@link CustomerNameWordsImpl}). */
interface CustomerNameWords {

    /** Rows (word, id, customer_ref, name): per word at most {@code limit} customers, through the name_tokens GIN index. */
    List<Object[]> findNamesByWord(Collection<String> words, int limit);
}
