package io.encaisse.bank;

import java.math.BigDecimal;

/**
 * camt AmtDtls: the amount as instructed, as transacted, its counter value and the announced posting amount,
 * each with its currency exchange when the bank gives one. Any part may be null.
 */
public record AmountDetails(ExchangedAmount instructed, ExchangedAmount transaction, ExchangedAmount counterValue,
        ExchangedAmount announcedPosting) {

    /** An amount with its CcyXchg (rate is how many target units one source unit buys, per ISO 20022 UnitCcy rules). */
    public record ExchangedAmount(BigDecimal amount, String currency, String sourceCurrency, String targetCurrency,
            String unitCurrency, BigDecimal rate) {
    }
}
