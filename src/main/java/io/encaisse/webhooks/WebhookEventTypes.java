package io.encaisse.webhooks;

import java.util.List;

/** The event types a webhook subscription can ask for. */
public final class WebhookEventTypes {

    public static final String INVOICE_PAID = "invoice.paid";
    public static final String INVOICE_PARTIALLY_PAID = "invoice.partially_paid";
    public static final String PAYMENT_UNMATCHED = "payment.unmatched";
    public static final String PAYMENT_RETURNED = "payment.returned";
    public static final String INVOICE_REOPENED = "invoice.reopened";

    /** Every known type, in a stable order. */
    public static final List<String> ALL = List.of(INVOICE_PAID, INVOICE_PARTIALLY_PAID, PAYMENT_UNMATCHED, PAYMENT_RETURNED,
            INVOICE_REOPENED);

    private WebhookEventTypes() {
    }

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }
}
