package io.encaisse.bank.internal.parser;

import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.Charges;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One booked/pending entry (camt Ntry, MT940 :61:). {@code amount} is always positive; {@code credit} gives the direction.
 * {@code charges} and {@code amountDetails} are the entry-level Chrgs and AmtDtls (null when absent).
 */
public record ParsedEntry(int index, BigDecimal amount, String currency, boolean credit, boolean reversal,
        String status, LocalDate bookingDate, LocalDate valueDate,
        String accountServicerRef, String entryRef, String bankTxDomain, String bankTxFamily, String bankTxSubFamily,
        String bankTxProprietary, String additionalInfo, List<ParsedTxDetail> details,
        Charges charges, AmountDetails amountDetails) {
    public ParsedEntry {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** Without charges and amount details (MT940 has none). */
    public ParsedEntry(int index, BigDecimal amount, String currency, boolean credit, boolean reversal,
            String status, LocalDate bookingDate, LocalDate valueDate,
            String accountServicerRef, String entryRef, String bankTxDomain, String bankTxFamily, String bankTxSubFamily,
            String bankTxProprietary, String additionalInfo, List<ParsedTxDetail> details) {
        this(index, amount, currency, credit, reversal, status, bookingDate, valueDate, accountServicerRef, entryRef,
                bankTxDomain, bankTxFamily, bankTxSubFamily, bankTxProprietary, additionalInfo, details, null, null);
    }
}
