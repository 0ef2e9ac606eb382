package io.encaisse.crm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.dunning.DunningStage;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerView;
import java.math.BigDecimal;

/**
 * The hub-side position of one customer, as handed to the CRM mapping (mappings/salesforce-account.jsonata).
 * Its JSON shape is the mapping's input contract: see mappings/salesforce-account.sample-input.json.
 *
 * @param customerId our customer id (the ERP's key, {@code CustomerRef}), also the Account's external id
 * @param lastPaymentDate ISO date, null when nothing was ever paid
 * @param asOf the business date of the position (ISO date)
 */
record PositionDocument(
        String customerId,
        String name,
        String currency,
        BigDecimal outstanding,
        BigDecimal overdue,
        int oldestOverdueDays,
        String paymentStatus,
        String lastPaymentDate,
        int dunningLevel,
        int openInvoices,
        int overdueInvoices,
        String asOf) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PositionDocument of(CustomerView customer, CustomerPosition position, DunningStage stage) {
        if (!customer.ref().equals(position.customer())) {
            throw new IllegalArgumentException("Position of " + position.customer() + " given for customer " + customer.ref());
        }
        return new PositionDocument(
                customer.ref().value(),
                customer.name(),
                position.outstanding().currency(),
                position.outstanding().amount(),
                position.overdue().amount(),
                position.oldestOverdueDays(),
                position.paymentStatus().name(),
                position.lastPaymentDate() == null ? null : position.lastPaymentDate().toString(),
                stage == null ? 0 : stage.level(),
                position.openInvoices(),
                position.overdueInvoices(),
                position.asOf().toString());
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the position of " + customerId, e);
        }
    }
}
