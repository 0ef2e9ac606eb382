package io.encaisse.reconciliation;

import java.math.BigDecimal;

/** A person's allocation of part of a bank credit to one invoice, in the credit's currency. */
public record ManualAllocationLine(String invoiceNumber, BigDecimal amount) {
}
