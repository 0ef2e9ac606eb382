package io.encaisse.invoices;

/** The sales rep who owns the customer relationship. */
public record SalesRep(String name, String email) {
}
