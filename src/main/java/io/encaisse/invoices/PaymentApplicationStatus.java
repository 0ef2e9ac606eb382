package io.encaisse.invoices;

/**
 * Where a payment application posted to the ERP stands. PENDING: to send (again); SENT: the ERP booked it; FAILED: the
 * ERP refused it for good, or it never answered within the retry schedule; SKIPPED: nothing to send (the reversal of an
 * application the ERP never booked, or an application undone before it was sent).
 */
public enum PaymentApplicationStatus { PENDING, SENT, FAILED, SKIPPED }
