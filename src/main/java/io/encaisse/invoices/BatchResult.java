package io.encaisse.invoices;

import java.util.List;

/** What a batch upsert did, record by record: a rejected record does not stop the others. */
public record BatchResult(List<Item> items) {

    public enum Outcome { CREATED, UPDATED, UNCHANGED, REJECTED }

    /** @param index the record's position in the request */
    public record Item(int index, String key, Outcome outcome, String reason) {
    }

    public long count(Outcome outcome) {
        return items.stream().filter(i -> i.outcome() == outcome).count();
    }
}
