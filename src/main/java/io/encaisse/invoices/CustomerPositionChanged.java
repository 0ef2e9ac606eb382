package io.encaisse.invoices;

/** Something changed what a customer owes; listeners read the new position through {@link Receivables}. */
public record CustomerPositionChanged(CustomerId customerId, CustomerRef customer) {
}
