package io.encaisse.bank.internal.parser;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A statement balance; {@code signedAmount} is negative for DBIT balances. */
public record Balance(String code, BigDecimal signedAmount, String currency, LocalDate date) {}
