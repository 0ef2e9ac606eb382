package io.encaisse.api.internal;

import io.encaisse.invoices.ErpPaymentsOut;
import io.encaisse.invoices.PaymentApplicationStatus;
import io.encaisse.invoices.PaymentApplicationView;
import io.encaisse.reconciliation.AllocationView;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Where each allocation's posting to the ERP stands, read for a whole page of allocations at once. */
@Component
class ErpPostings {

    /**
     * @param applicationId the payment application of the allocation (see /api/v1/erp/payment-applications)
     * @param reversalStatus the status of its undoing, when the allocation was undone
     */
    record ErpPostingDto(String applicationId, PaymentApplicationStatus status, String lastError, String erpId,
                         PaymentApplicationStatus reversalStatus, String reversalLastError) {
    }

    private final ErpPaymentsOut paymentsOut;

    ErpPostings(ErpPaymentsOut paymentsOut) {
        this.paymentsOut = paymentsOut;
    }

    /** By allocation id; an allocation made while no connector received payments has none. */
    Map<UUID, ErpPostingDto> of(Collection<AllocationView> allocations) {
        Map<UUID, PaymentApplicationView> apply = new HashMap<>();
        Map<UUID, PaymentApplicationView> reverse = new HashMap<>();
        for (PaymentApplicationView a : paymentsOut.applicationsOf(allocations.stream().map(x -> x.id().value()).toList())) {
            ("REVERSE".equals(a.direction()) ? reverse : apply).put(a.allocationId(), a);
        }
        Map<UUID, ErpPostingDto> out = new HashMap<>();
        apply.forEach((allocation, a) -> {
            PaymentApplicationView r = reverse.get(allocation);
            out.put(allocation, new ErpPostingDto(a.id().toString(), a.status(), a.lastError(), a.erpId(),
                    r == null ? null : r.status(), r == null ? null : r.lastError()));
        });
        return out;
    }
}
