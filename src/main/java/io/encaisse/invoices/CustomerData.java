package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.util.List;

/** Customer master data as the ERP sends it. */
public record CustomerData(
        String name,
        String billingEmail,
        String language,
        String currency,
        List<String> ibans,
        SalesRep salesRep,
        Money creditLimit) {
}
