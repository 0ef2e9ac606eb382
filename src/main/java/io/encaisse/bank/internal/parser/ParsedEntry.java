package io.encaisse.bank.internal.parser;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One booked/pending entry (camt Ntry, MT940 :61:). {@code amount} is always positive; {@code credit} gives the direction. */
public record ParsedEntry(int index, BigDecimal amount, String currency, boolean credit, boolean reversal,
        String status, LocalDate bookingDate, LocalDate valueDate,
        String accountServicerRef, String entryRef, String bankTxDomain, String bankTxFamily, String bankTxSubFamily,
        String bankTxProprietary, String additionalInfo, List<ParsedTxDetail> details) {
    public ParsedEntry {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
