package io.encaisse.invoices;

/** A customer as payment matching needs it: who, and the name the ERP gave. */
public record CustomerName(CustomerId id, CustomerRef ref, String name) {
}
