package io.encaisse.dunning;

import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerRef;
import java.time.Instant;
import java.util.List;

/** A customer was sent a reminder at a (new) level for these invoices. */
public record DunningLevelReached(CustomerId customerId, CustomerRef customer, int level, List<String> invoiceNumbers,
                                  Instant occurredAt) {
}
