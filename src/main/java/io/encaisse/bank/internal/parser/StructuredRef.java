package io.encaisse.bank.internal.parser;

/** RmtInf/Strd/CdtrRefInf: type is Tp/CdOrPrtry/Cd (e.g. SCOR) or Prtry (e.g. QRR, ISR Reference). */
public record StructuredRef(String type, String issuer, String reference) {}
