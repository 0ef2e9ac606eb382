package io.encaisse.invoices;

/** An invoice names a customer the hub has never received. */
public class UnknownCustomerException extends RuntimeException {
    public UnknownCustomerException(CustomerRef ref) {
        super("Unknown customer '" + ref.value() + "': send the customer before its invoices");
    }
}
