package io.encaisse.invoices.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Plain JDBC: the same query as a Spring Data native query came back empty (the lateral join over the bound array was
 * not passed through as written), so it is not left to the query rewriting.
 */
class CustomerNameWordsImpl implements CustomerNameWords {

    private final JdbcTemplate jdbc;

    CustomerNameWordsImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Object[]> findNamesByWord(Collection<String> words, int limit) {
        return jdbc.query("""
                select w.word, c.id, c.customer_ref, c.name
                from unnest(?::text[]) as w(word)
                cross join lateral (select x.id, x.customer_ref, x.name from customer x
                                    where x.name_tokens @> array[w.word] limit ?) c""",
                (rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)},
                words.toArray(String[]::new), limit);
    }
}
