package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * When a payment a little short of an invoice's open amount still settles it. The bank's reported charges explain a
 * difference of exactly their amount; otherwise a difference up to {@code absolute} (in the payment's currency) and
 * up to {@code percent} % of the open amount is treated as bank charges. Overpayments are never written off: the
 * rest stays unapplied (the customer's credit).
 */
public record AmountTolerance(BigDecimal absolute, BigDecimal percent) {

    public static final AmountTolerance NONE = new AmountTolerance(BigDecimal.ZERO, BigDecimal.ZERO);

    public AmountTolerance {
        if (absolute == null || absolute.signum() < 0 || percent == null || percent.signum() < 0) {
            throw new IllegalArgumentException("Tolerances must be zero or positive");
        }
    }

    /** @param writeOff the difference booked on the invoice without money; {@code reason} says why */
    public record WriteOff(Money writeOff, String reason, boolean reportedByBank) {
    }

    /**
     * @param charges the charges the bank reported for this entry, or null
     * @return the write-off that makes {@code payment} settle {@code open}, or empty when it is not within tolerance
     */
    public Optional<WriteOff> assess(Money payment, Money open, Money charges) {
        if (!payment.currency().equals(open.currency()) || payment.compareTo(open) >= 0 || !payment.isPositive()) {
            return Optional.empty();
        }
        Money difference = open.minus(payment);
        if (charges != null && charges.currency().equals(payment.currency()) && charges.compareTo(difference) == 0) {
            return Optional.of(new WriteOff(difference, "difference of " + difference + " is the bank charges the bank reported",
                    true));
        }
        BigDecimal percentLimit = open.amount().multiply(percent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_EVEN);
        if (difference.amount().compareTo(absolute) <= 0 && difference.amount().compareTo(percentLimit) <= 0) {
            return Optional.of(new WriteOff(difference, "difference of " + difference + " treated as bank charges (within the"
                    + " tolerance of " + absolute.stripTrailingZeros().toPlainString() + " " + payment.currency() + " and "
                    + percent.stripTrailingZeros().toPlainString() + " %)", false));
        }
        return Optional.empty();
    }
}
