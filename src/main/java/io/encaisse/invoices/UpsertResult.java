package io.encaisse.invoices;

/** What an ERP upsert did: the outcome is a value, not an exception. */
public record UpsertResult<T>(T value, Outcome outcome) {

    public enum Outcome { CREATED, UPDATED, UNCHANGED }
}
