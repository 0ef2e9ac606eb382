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
        Instant updatedAt,
        Address billingAddress,
        Contact billingContact,
        Contact dunningContact,
        String segment,
        CustomerRef parent,
        PaymentTerms paymentTerms) {

    public CustomerView(CustomerId id, CustomerRef ref, String name, String billingEmail, String language, String currency,
            List<String> ibans, SalesRep salesRep, Money creditLimit, Instant updatedAt) {
        this(id, ref, name, billingEmail, language, currency, ibans, salesRep, creditLimit, updatedAt, null, null, null, null,
                null, null);
    }

    /** Where payment reminders go: the dunning contact's email when the ERP names one, else the billing email. */
    public String dunningEmail() {
        return dunningContact != null && dunningContact.email() != null && !dunningContact.email().isBlank()
                ? dunningContact.email() : billingEmail;
    }
}
