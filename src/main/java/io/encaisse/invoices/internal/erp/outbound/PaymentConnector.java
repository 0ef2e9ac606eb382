package io.encaisse.invoices.internal.erp.outbound;

import io.encaisse.invoices.PaymentApplicationView;

/** Posts payment applications to one ERP. Both calls must be idempotent: the same application may be sent again. */
interface PaymentConnector {

    String name();

    ConnectorResult apply(PaymentApplicationView application);

    /** @param applied the APPLY this undoes (SENT; its erpId when the ERP gave one) */
    ConnectorResult reverse(PaymentApplicationView reversal, PaymentApplicationView applied);
}
