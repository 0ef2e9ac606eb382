package io.encaisse.invoices;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Payment applications posted back to the ERP through the configured connector
 * ({@code encaisse.erp.payments-out.connector}). Recording is idempotent on the allocation id and direction and joins
 * the caller's transaction; route invoices.erp-payments-out sends them.
 */
public interface ErpPaymentsOut {

    /** An allocation was made: post it (nothing is recorded when no connector receives payments). */
    void allocated(PaymentPosting posting);

    /** An allocation was undone: undo it in the ERP once it was booked there. */
    void reversed(PaymentPosting posting);

    /** Newest first; {@code status} null for all; {@code before} the last id of the previous page. */
    List<PaymentApplicationView> applications(PaymentApplicationStatus status, int limit, UUID before);

    Optional<PaymentApplicationView> application(UUID id);

    /** The applications (APPLY and REVERSE) of these allocations, in one read; none when no connector received them. */
    List<PaymentApplicationView> applicationsOf(java.util.Collection<UUID> allocationIds);

    /** Sends a FAILED application again. */
    RetryOutcome retry(UUID id);

    sealed interface RetryOutcome {
        record Queued(PaymentApplicationView application) implements RetryOutcome {
        }

        record NotFound(String detail) implements RetryOutcome {
        }

        record Refused(String detail) implements RetryOutcome {
        }
    }
}
