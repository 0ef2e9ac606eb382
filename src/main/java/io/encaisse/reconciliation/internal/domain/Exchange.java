package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a bank entry says about a currency exchange (camt AmtDtls): the amount the payer instructed, in its currency,
 * and the CcyXchg (source and target currency, the rate, and the unit currency: one unit of it is worth {@code rate}
 * of the other; without a unit currency, one source unit buys {@code rate} target units). Any part may be null.
 */
public record Exchange(Money instructed, String sourceCurrency, String targetCurrency, String unitCurrency, BigDecimal rate) {

    /** The currencies other than {@code currency} this exchange can give an amount in. */
    public Set<String> currenciesOtherThan(String currency) {
        Set<String> out = new LinkedHashSet<>();
        if (instructed != null) {
            out.add(instructed.currency());
        }
        if (rate != null && rate.signum() > 0) {
            if (sourceCurrency != null) {
                out.add(sourceCurrency);
            }
            if (targetCurrency != null) {
                out.add(targetCurrency);
            }
        }
        out.remove(currency);
        // a currency code that is no ISO 4217 currency converts nothing (and must not break the chunk)
        out.removeIf(c -> !Money.isKnownCurrency(c));
        return out;
    }

    /** A bank amount in another currency, and how it was obtained. */
    public record Converted(Money bank, Money converted, BigDecimal rate, String how) {

        /** Units of the converted currency per unit of the bank's (10 decimals): what the allocation records. */
        public BigDecimal effectiveRate() {
            return converted.amount().divide(bank.amount(), 10, RoundingMode.HALF_EVEN);
        }
    }

    /**
     * The bank amount in {@code currency}: the instructed amount when the payer instructed it in that currency (what
     * was paid in it), else the bank amount converted with the rate between the two currencies; empty when the entry
     * gives neither.
     */
    public Optional<Converted> convert(Money bank, String currency) {
        if (bank.currency().equals(currency) || !bank.isPositive()) {
            return Optional.empty();
        }
        if (instructed != null && instructed.currency().equals(currency) && instructed.isPositive()) {
            Money paid = Money.of(instructed.amount().setScale(Money.scaleOf(currency), RoundingMode.HALF_EVEN), currency);
            return Optional.of(new Converted(bank, paid, null, "the payer instructed " + paid + " (bank " + bank + ")"));
        }
        if (rate == null || rate.signum() <= 0 || sourceCurrency == null || targetCurrency == null) {
            return Optional.empty();
        }
        Set<String> pair = Set.of(sourceCurrency, targetCurrency);
        if (pair.size() != 2 || !pair.contains(bank.currency()) || !pair.contains(currency)) {
            return Optional.empty();
        }
        String unit = unitCurrency != null && pair.contains(unitCurrency) ? unitCurrency : sourceCurrency;
        // one unit of `unit` is worth `rate` of the other currency
        BigDecimal amount = unit.equals(bank.currency()) ? bank.amount().multiply(rate)
                : bank.amount().divide(rate, 10, RoundingMode.HALF_EVEN);
        Money converted = Money.of(amount.setScale(Money.scaleOf(currency), RoundingMode.HALF_EVEN), currency);
        String other = unit.equals(sourceCurrency) ? targetCurrency : sourceCurrency;
        return Optional.of(new Converted(bank, converted, rate, "bank " + bank + " converted at the entry's rate 1 " + unit
                + " = " + rate.stripTrailingZeros().toPlainString() + " " + other + " gives " + converted));
    }
}
