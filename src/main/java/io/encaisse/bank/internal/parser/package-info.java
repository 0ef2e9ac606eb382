/**
 * Bank statement parsers: camt.052/053/054 (streamed, hardened StAX: no DOCTYPE, no entities) and MT940.
 *
 * <p>Decision (issue #3): camt entries are bound by {@link io.encaisse.bank.internal.parser.FastEntryBinder}, read
 * straight from the StAX stream, by default. The issue suggested JAXB binding per entry to Prowide's model as the means;
 * its requirement is the speed (parse-only at least half a bare StAX pass), and JAXB binding was 86 % of parse time
 * (12.6 % of StAX). Prowide's binding stays as a supported mode ({@code encaisse.bank.parser: prowide}, via
 * {@link io.encaisse.bank.internal.parser.EntryMapper}), and the fast binder takes the version's code lists and element
 * forms from Prowide's model classes. {@code BankSampleConformanceTest} proves both modes give the same headers, balances,
 * entries and transaction details on all 60 corpus files, and {@code StatementParserSecurityTest} runs every rejection in
 * both. MT940 blocks are still parsed by Prowide's MT parser ({@link io.encaisse.bank.internal.parser.Mt940Parser}).
 */
package io.encaisse.bank.internal.parser;
