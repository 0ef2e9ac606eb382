package io.encaisse.invoices.internal.domain;

import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The money state of one invoice, as plain values.
 *
 * <p>The ERP reports its own open amount; the hub applies bank payments. To count neither twice, an ERP
 * update moves the hub's open amount by the change in the ERP's open amount (a payment the ERP saw, an
 * amount correction), not to the ERP's figure.
 */
public record InvoiceState(Money amount, Money openAmount, Money erpOpenAmount, boolean cancelled, LocalDate lastPaymentDate) {

    public InvoiceState {
        Objects.requireNonNull(amount);
        Objects.requireNonNull(openAmount);
        Objects.requireNonNull(erpOpenAmount);
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Invoice amount must not be negative: " + amount);
        }
        if (openAmount.isNegative() || openAmount.compareTo(amount) > 0) {
            throw new IllegalArgumentException("Open amount " + openAmount + " must be between 0 and the amount " + amount);
        }
    }

    public static InvoiceState fromErp(Money amount, Money erpOpen, boolean cancelled) {
        Money open = erpOpen == null ? amount : erpOpen;
        requireOpenWithin(open, amount);
        return new InvoiceState(amount, cancelled ? Money.zero(amount.currency()) : open, open, cancelled, null);
    }

    public InvoiceState withErpUpdate(Money newAmount, Money newErpOpen, boolean nowCancelled) {
        if (!newAmount.currency().equals(amount.currency())) {
            throw new IllegalArgumentException(
                    "An invoice's currency cannot change (" + amount.currency() + " -> " + newAmount.currency() + ")");
        }
        Money erpOpen = newErpOpen == null ? newAmount : newErpOpen;
        requireOpenWithin(erpOpen, newAmount);
        if (nowCancelled) {
            return new InvoiceState(newAmount, Money.zero(newAmount.currency()), erpOpen, true, lastPaymentDate);
        }
        Money base = cancelled ? erpOpenAmount : openAmount; // un-cancelling restores what the ERP had open
        Money moved = base.plus(erpOpen.minus(erpOpenAmount));
        return new InvoiceState(newAmount, clamp(moved, newAmount), erpOpen, false, lastPaymentDate);
    }

    /** @return the new state; the applied part is {@code openAmount - result.openAmount}. */
    public InvoiceState applyPayment(Money payment, LocalDate valueDate) {
        if (!payment.isPositive()) {
            throw new IllegalArgumentException("A payment must be positive: " + payment);
        }
        if (cancelled) {
            throw new IllegalStateException("Cannot apply a payment to a cancelled invoice");
        }
        Money applied = payment.min(openAmount);
        LocalDate last = lastPaymentDate == null || valueDate.isAfter(lastPaymentDate) ? valueDate : lastPaymentDate;
        return new InvoiceState(amount, openAmount.minus(applied), erpOpenAmount, false, last);
    }

    public InvoiceState reversePayment(Money reversed) {
        if (!reversed.isPositive()) {
            throw new IllegalArgumentException("A reversal must be positive: " + reversed);
        }
        return new InvoiceState(amount, clamp(openAmount.plus(reversed), amount), erpOpenAmount, cancelled, lastPaymentDate);
    }

    public InvoiceStatus status() {
        if (cancelled) {
            return InvoiceStatus.CANCELLED;
        }
        if (openAmount.isZero()) {
            return InvoiceStatus.PAID;
        }
        return openAmount.compareTo(amount) < 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.OPEN;
    }

    private static Money clamp(Money value, Money max) {
        if (value.isNegative()) {
            return Money.zero(value.currency());
        }
        return value.compareTo(max) > 0 ? max : value;
    }

    private static void requireOpenWithin(Money open, Money amount) {
        if (!open.currency().equals(amount.currency())) {
            throw new IllegalArgumentException("Open amount currency " + open.currency() + " differs from " + amount.currency());
        }
        if (open.isNegative() || open.compareTo(amount) > 0) {
            throw new IllegalArgumentException("Open amount " + open + " must be between 0 and the amount " + amount);
        }
    }
}
