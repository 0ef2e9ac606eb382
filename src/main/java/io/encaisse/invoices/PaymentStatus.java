package io.encaisse.invoices;

/** A customer's payment standing, as the sales rep sees it in the CRM. */
public enum PaymentStatus {
    /** nothing outstanding */
    SETTLED,
    /** outstanding, nothing past due */
    CURRENT,
    /** something past due */
    OVERDUE
}
