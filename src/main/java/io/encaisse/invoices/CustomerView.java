package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.Instant;
import java.util.List;

public record CustomerView(
        CustomerId id,
        CustomerRef ref,
        String name,
        String billingEmail,
        String language,
        String currency,
        List<String> ibans,
        SalesRep salesRep,
        Money creditLimit,
        Instant updatedAt) {
}
