package io.encaisse.invoices;

/**
 * A person at the customer (the billing or the dunning contact).
 *
 * @param role the person's job or function as the ERP names it ("Comptable fournisseurs"), free text
 */
public record Contact(String name, String email, String phone, String role) {

    public boolean hasNoValue() {
        return name == null && email == null && phone == null && role == null;
    }
}
