package io.encaisse.invoices.internal.domain;

import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The money state of one invoice, as plain values: what reduced it, each counted once.
 *
 * <p>Two views are kept. The hub's own: the amount less the bank money the hub applied ({@code hubApplied}), the
 * payments the ERP reported explicitly ({@code erpPaid}) and the credit notes that credit it ({@code creditNoted},
 * at most what is left). The ERP's: its open amount, which already counts the hub's applications the ERP booked
 * ({@code hubBooked}: posted back and acknowledged) but not those still on their way, hence
 * {@code erpOpen - (hubApplied - hubBooked)}. The open amount is the lower of the two: a reduction only the ERP
 * knows (a cash or card payment it booked, a credit note it reconciled) lowers the ERP's view, and one the hub knows
 * is never counted twice, whether or not the ERP has seen it yet.
 *
 * <p>Limit: a reduction that both views hold but for different reasons (the ERP booked a cash payment it never reported
 * while the hub holds a credit note the ERP has not reconciled) is counted once, as the larger of the two.
 */
public record InvoiceState(
        Money amount,
        Money erpOpenAmount,
        Money hubApplied,
        Money hubBooked,
        Money erpPaid,
        Money creditNoted,
        boolean cancelled,
        LocalDate lastPaymentDate) {

    public InvoiceState {
        Objects.requireNonNull(amount);
        Objects.requireNonNull(erpOpenAmount);
        Objects.requireNonNull(hubApplied);
        Objects.requireNonNull(hubBooked);
        Objects.requireNonNull(erpPaid);
        Objects.requireNonNull(creditNoted);
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Invoice amount must not be negative: " + amount);
        }
        requireOpenWithin(erpOpenAmount, amount);
        for (Money part : new Money[] {hubApplied, hubBooked, erpPaid, creditNoted}) {
            if (!part.currency().equals(amount.currency())) {
                throw new IllegalArgumentException("Currency " + part.currency() + " differs from the invoice's " + amount.currency());
            }
            if (part.isNegative()) {
                throw new IllegalArgumentException("A part of an invoice's payments cannot be negative: " + part);
            }
        }
    }

    public static InvoiceState fromErp(Money amount, Money erpOpen, boolean cancelled) {
        Money open = erpOpen == null ? amount : erpOpen;
        requireOpenWithin(open, amount);
        Money zero = Money.zero(amount.currency());
        return new InvoiceState(amount, open, zero, zero, zero, zero, cancelled, null);
    }

    /** The open amount: the lower of the hub's view and the ERP's view, between 0 and the amount; 0 when cancelled. */
    public Money openAmount() {
        if (cancelled) {
            return zero();
        }
        Money own = amount.minus(hubApplied).minus(erpPaid).minus(creditApplied());
        Money erpView = erpOpenAmount.minus(hubApplied.minus(hubBooked));
        return clamp(own.min(erpView), amount);
    }

    /** The part of the credit notes this invoice absorbs: never more than what payments left of it. */
    public Money creditApplied() {
        Money room = amount.minus(hubApplied).minus(erpPaid);
        return room.isPositive() ? creditNoted.min(room) : zero();
    }

    /** Credit notes beyond what the invoice absorbs (all of them once it is cancelled): the customer's credit. */
    public Money unappliedCredit() {
        return cancelled ? creditNoted : creditNoted.minus(creditApplied());
    }

    /** The ERP sent the invoice again: its amount, its own open amount (null = all of it) and whether it is cancelled. */
    public InvoiceState withErpUpdate(Money newAmount, Money newErpOpen, boolean nowCancelled) {
        if (!newAmount.currency().equals(amount.currency())) {
            throw new IllegalArgumentException(
                    "An invoice's currency cannot change (" + amount.currency() + " -> " + newAmount.currency() + ")");
        }
        Money erpOpen = newErpOpen == null ? newAmount : newErpOpen;
        requireOpenWithin(erpOpen, newAmount);
        return new InvoiceState(newAmount, erpOpen, hubApplied, hubBooked, erpPaid, creditNoted, nowCancelled, lastPaymentDate);
    }

    /** @return the new state; the applied part is {@code openAmount() - result.openAmount()}. */
    public InvoiceState applyPayment(Money payment, LocalDate valueDate) {
        if (!payment.isPositive()) {
            throw new IllegalArgumentException("A payment must be positive: " + payment);
        }
        if (cancelled) {
            throw new IllegalStateException("Cannot apply a payment to a cancelled invoice");
        }
        Money applied = payment.min(openAmount());
        return new InvoiceState(amount, erpOpenAmount, hubApplied.plus(applied), hubBooked, erpPaid, creditNoted, false,
                later(lastPaymentDate, applied.isPositive() ? valueDate : null));
    }

    /** Puts back up to {@code reversed} of what the hub applied (a return, an undone allocation). */
    public InvoiceState reversePayment(Money reversed) {
        if (!reversed.isPositive()) {
            throw new IllegalArgumentException("A reversal must be positive: " + reversed);
        }
        return new InvoiceState(amount, erpOpenAmount, hubApplied.minus(reversed.min(hubApplied)), hubBooked, erpPaid,
                creditNoted, cancelled, lastPaymentDate);
    }

    /**
     * The ERP acknowledged (positive) or undid (negative) one of the hub's applications: from now on its open amount
     * counts it. An acknowledged application is not taken off the ERP's last open amount (its report may come before or
     * after; until the acknowledgement the hub counts it as not booked); an undone one is added back at once.
     */
    public InvoiceState erpBooked(Money change) {
        Money booked = hubBooked.plus(change);
        if (booked.isNegative()) {
            throw new IllegalStateException("The ERP cannot undo more of the hub's payments than it booked (" + hubBooked
                    + " booked, " + change + " undone)");
        }
        // an undone payment is open again in the ERP before it reports so; its report may already hold it, hence at most
        // the amount (an over-stated ERP view is capped by the hub's own, an under-stated one would count money twice)
        Money erpOpen = change.isNegative() ? amount.min(erpOpenAmount.minus(change)) : erpOpenAmount;
        return new InvoiceState(amount, erpOpen, hubApplied, booked, erpPaid, creditNoted, cancelled, lastPaymentDate);
    }

    /**
     * No connector posts the hub's payments (local mode, or an ERP whose accountants reconcile the same bank statement
     * themselves): the ERP is expected to book {@code change} of the hub's applications on its own (negative: the hub
     * undid one), so its open amount is taken as it comes, never lowered again by them. Unlike {@link #erpBooked}, an
     * undone application does not reopen the ERP's view: whether the ERP booked that money is for its next report to say.
     */
    public InvoiceState bookedByErpItself(Money change) {
        Money booked = hubBooked.plus(change);
        if (booked.isNegative()) {
            booked = zero();
        }
        return new InvoiceState(amount, erpOpenAmount, hubApplied, booked, erpPaid, creditNoted, cancelled, lastPaymentDate);
    }

    /** The payments the ERP reported explicitly for this invoice now total {@code total}; {@code lastDate} the newest. */
    public InvoiceState withErpPayments(Money total, LocalDate lastDate) {
        return new InvoiceState(amount, erpOpenAmount, hubApplied, hubBooked, total, creditNoted, cancelled,
                later(lastPaymentDate, lastDate));
    }

    /** The credit notes that credit this invoice now total {@code total}. */
    public InvoiceState withCreditNoted(Money total) {
        return new InvoiceState(amount, erpOpenAmount, hubApplied, hubBooked, erpPaid, total, cancelled, lastPaymentDate);
    }

    public InvoiceStatus status() {
        if (cancelled) {
            return InvoiceStatus.CANCELLED;
        }
        Money open = openAmount();
        if (open.isZero()) {
            return InvoiceStatus.PAID;
        }
        return open.compareTo(amount) < 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.OPEN;
    }

    private Money zero() {
        return Money.zero(amount.currency());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
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
