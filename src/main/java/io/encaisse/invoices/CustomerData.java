package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.util.List;

/**
 * Customer master data as the ERP sends it.
 *
 * @param parent the customer's group or parent company (another customer's ref, which may arrive later): its
 *        consolidated exposure includes this customer's
 * @param segment the ERP's customer segment or category ("PME", "Grands comptes")
 */
public record CustomerData(
        String name,
        String billingEmail,
        String language,
        String currency,
        List<String> ibans,
        SalesRep salesRep,
        Money creditLimit,
        Address billingAddress,
        Contact billingContact,
        Contact dunningContact,
        String segment,
        CustomerRef parent,
        PaymentTerms paymentTerms) {

    /** Master data without address, contacts, segment, parent or payment terms. */
    public CustomerData(String name, String billingEmail, String language, String currency, List<String> ibans,
            SalesRep salesRep, Money creditLimit) {
        this(name, billingEmail, language, currency, ibans, salesRep, creditLimit, null, null, null, null, null, null);
    }
}
