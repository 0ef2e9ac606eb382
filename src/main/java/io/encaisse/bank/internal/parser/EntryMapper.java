package io.encaisse.bank.internal.parser;

import static io.encaisse.bank.internal.parser.Nav.dateChoice;
import static io.encaisse.bank.internal.parser.Nav.firstStr;
import static io.encaisse.bank.internal.parser.Nav.get;
import static io.encaisse.bank.internal.parser.Nav.list;
import static io.encaisse.bank.internal.parser.Nav.path;
import static io.encaisse.bank.internal.parser.Nav.str;

import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.Charges;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Maps a Prowide Ntry object of any camt version to {@link ParsedEntry}. */
final class EntryMapper {
    private EntryMapper() {}

    /**
     * @param label e.g. "Entry 3 of statement 1", used in warnings and rejection reasons
     */
    static ParsedEntry map(Object ntry, int index, String label, Consumer<String> warn) throws InvalidStatementException {
        Draft d = new Draft();
        Object amt = get(ntry, "Amt");
        d.amount = amt == null ? null : (BigDecimal) get(amt, "Value");
        d.currency = amt == null ? null : str(get(amt, "Ccy"));
        d.cdi = str(get(ntry, "CdtDbtInd"));
        d.reversal = Boolean.TRUE.equals(get(ntry, "RvslInd"));
        Object sts = get(ntry, "Sts");
        d.status = sts == null ? null : (sts instanceof Enum<?> ? str(sts) : firstStr(sts, "Cd", "Prtry"));
        Object bkTxCd = get(ntry, "BkTxCd");
        Object domn = get(bkTxCd, "Domn");
        Object fmly = get(domn, "Fmly");
        d.domain = str(get(domn, "Cd"));
        d.family = str(get(fmly, "Cd"));
        d.subFamily = str(get(fmly, "SubFmlyCd"));
        d.proprietary = str(path(bkTxCd, "Prtry", "Cd"));
        d.bookingDate = dateChoice(get(ntry, "BookgDt"));
        d.valueDate = dateChoice(get(ntry, "ValDt"));
        d.servicerRef = str(get(ntry, "AcctSvcrRef"));
        d.entryRef = str(get(ntry, "NtryRef"));
        d.additionalInfo = str(get(ntry, "AddtlNtryInf"));
        d.charges = charges(ntry);
        d.amountDetails = amountDetails(get(ntry, "AmtDtls"));

        List<Object> txs = new ArrayList<>();
        for (Object dtls : list(ntry, "NtryDtls")) {
            txs.addAll(list(dtls, "TxDtls"));
            String b = str(path(dtls, "Btch", "CdtDbtInd"));
            if (b != null) {
                d.batchCdi = b;
            }
        }
        txs.addAll(list(ntry, "TxDtls")); // camt.05x.001.01: TxDtls directly under Ntry
        d.txCdi = new HashSet<>();
        for (Object tx : txs) {
            d.txCdi.add(str(get(tx, "CdtDbtInd")));
        }
        return d.complete(index, label, warn, credit -> {
            List<ParsedTxDetail> details = new ArrayList<>(txs.size());
            for (Object tx : txs) {
                details.add(mapTx(tx, credit));
            }
            return details;
        });
    }

    /**
     * An entry's facts as read, by either binder; {@link #complete} derives what is missing and rejects what cannot be
     * used, with the same rules and warnings for both (the Prowide binder and the fast binder must give the same output).
     */
    static final class Draft {
        BigDecimal amount;
        String currency;
        String cdi;
        boolean reversal;
        String status;
        String domain;
        String family;
        String subFamily;
        String proprietary;
        java.time.LocalDate bookingDate;
        java.time.LocalDate valueDate;
        String servicerRef;
        String entryRef;
        String additionalInfo;
        Charges charges;
        AmountDetails amountDetails;
        /** CdtDbtInd of each TxDtls (null for those without) */
        Set<String> txCdi = Set.of();
        /** CdtDbtInd of the last NtryDtls' Btch that has one */
        String batchCdi;

        ParsedEntry complete(int index, String label, Consumer<String> warn,
                java.util.function.Function<Boolean, List<ParsedTxDetail>> detailsFor) throws InvalidStatementException {
            if (status == null) {
                warn.accept(label + " has no readable Sts (status); status left empty");
            }
            String cdi = this.cdi;
            if (cdi == null) {
                if (txCdi.size() == 1 && !txCdi.contains(null)) {
                    cdi = txCdi.iterator().next();
                    warn.accept(label + " has no CdtDbtInd; taken from its TxDtls (" + cdi + ")");
                } else if (batchCdi != null) {
                    cdi = batchCdi;
                    warn.accept(label + " has no CdtDbtInd; taken from its Btch (" + cdi + ")");
                } else {
                    throw new InvalidStatementException(label + " has no CdtDbtInd and it cannot be derived from its details");
                }
            }
            if (!"CRDT".equals(cdi) && !"DBIT".equals(cdi)) {
                throw new InvalidStatementException(label + " has an unknown CdtDbtInd '" + cdi + "'");
            }
            boolean credit = "CRDT".equals(cdi);
            List<ParsedTxDetail> details = detailsFor.apply(credit);
            BigDecimal amount = this.amount;
            String currency = this.currency;
            if (amount == null) {
                BigDecimal sum = BigDecimal.ZERO;
                String ccy = null;
                boolean ok = !details.isEmpty();
                for (ParsedTxDetail d : details) {
                    if (d.amount() == null || d.currency() == null || (ccy != null && !ccy.equals(d.currency()))) {
                        ok = false;
                        break;
                    }
                    ccy = d.currency();
                    sum = sum.add(d.amount());
                }
                if (!ok) {
                    throw new InvalidStatementException(label + " has no Amt and its amount cannot be derived from its TxDtls");
                }
                amount = sum;
                currency = ccy;
                warn.accept(label + " has no Amt; amount " + sum.toPlainString() + " " + ccy + " taken from the sum of its "
                        + details.size() + " TxDtls");
            }
            if (currency == null) {
                throw new InvalidStatementException(label + " has an Amt without currency (Ccy)");
            }
            if (amount.signum() < 0) {
                throw new InvalidStatementException(label + " has a negative Amt " + amount.toPlainString()
                        + "; camt amounts must be positive with the direction in CdtDbtInd");
            }
            return new ParsedEntry(index, amount, currency, credit, reversal, status, bookingDate, valueDate, servicerRef,
                    entryRef, domain, family, subFamily, proprietary, additionalInfo, details, charges, amountDetails);
        }
    }

    /** Chrgs: one Charges with Rcrd (camt .03 and later) or, in .02, a list of ChargesInformation (each a record). */
    static Charges charges(Object owner) {
        List<Object> chrgs = list(owner, "Chrgs");
        if (chrgs.isEmpty()) {
            return null;
        }
        BigDecimal total = null;
        String totalCcy = null;
        List<Charges.ChargeRecord> records = new ArrayList<>();
        for (Object c : chrgs) {
            Object ttl = get(c, "TtlChrgsAndTaxAmt");
            if (ttl != null && total == null) {
                total = (BigDecimal) get(ttl, "Value");
                totalCcy = str(get(ttl, "Ccy"));
            }
            List<Object> rcrds = list(c, "Rcrd");
            if (rcrds.isEmpty() && get(c, "Amt") != null) {
                rcrds = List.of(c); // .02: the ChargesInformation is the record
            }
            for (Object r : rcrds) {
                Object amt = get(r, "Amt");
                String cdi = str(get(r, "CdtDbtInd"));
                Object tp = get(r, "Tp");
                Object incl = get(r, "ChrgInclInd");
                records.add(new Charges.ChargeRecord(amt == null ? null : (BigDecimal) get(amt, "Value"),
                        amt == null ? null : str(get(amt, "Ccy")), cdi == null ? null : "CRDT".equals(cdi),
                        firstNonNull(str(get(tp, "Cd")), str(path(tp, "Prtry", "Id"))), str(get(r, "Br")),
                        incl instanceof Boolean b ? b : null));
            }
        }
        return new Charges(total, totalCcy, records);
    }

    static AmountDetails amountDetails(Object amtDtls) {
        if (amtDtls == null) {
            return null;
        }
        AmountDetails d = new AmountDetails(exchanged(get(amtDtls, "InstdAmt")), exchanged(get(amtDtls, "TxAmt")),
                exchanged(get(amtDtls, "CntrValAmt")), exchanged(get(amtDtls, "AnncdPstngAmt")));
        return d.instructed() == null && d.transaction() == null && d.counterValue() == null && d.announcedPosting() == null
                ? null : d;
    }

    private static AmountDetails.ExchangedAmount exchanged(Object a) {
        if (a == null) {
            return null;
        }
        Object amt = get(a, "Amt");
        Object x = get(a, "CcyXchg");
        Object rate = get(x, "XchgRate");
        return new AmountDetails.ExchangedAmount(amt == null ? null : (BigDecimal) get(amt, "Value"),
                amt == null ? null : str(get(amt, "Ccy")), str(get(x, "SrcCcy")), str(get(x, "TrgtCcy")),
                str(get(x, "UnitCcy")), rate instanceof BigDecimal r ? r : null);
    }

    private static String partyName(Object p) {
        String name = str(get(p, "Nm"));
        return name != null ? name : str(path(p, "Pty", "Nm"));
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static ParsedTxDetail mapTx(Object tx, boolean entryCredit) {
        Object refs = get(tx, "Refs");
        Object amt = get(tx, "Amt");
        if (amt == null) {
            amt = path(tx, "AmtDtls", "TxAmt", "Amt");
        }
        BigDecimal amount = amt == null ? null : (BigDecimal) get(amt, "Value");
        String ccy = amt == null ? null : str(get(amt, "Ccy"));
        String txCdi = str(get(tx, "CdtDbtInd"));
        boolean credit = txCdi == null ? entryCredit : "CRDT".equals(txCdi);
        // the counterparty of a credit is the debtor, of a debit the creditor
        String party = credit ? "Dbtr" : "Cdtr";
        Object pties = get(tx, "RltdPties");
        Object p = get(pties, party);
        String name = partyName(p);
        String iban = str(path(pties, party + "Acct", "Id", "IBAN"));
        Object fin = path(tx, "RltdAgts", party + "Agt", "FinInstnId");
        String bic = firstStr(fin, "BIC", "BICFI");

        Object rmt = get(tx, "RmtInf");
        List<String> ustrd = new ArrayList<>();
        for (Object u : list(rmt, "Ustrd")) {
            String s = str(u);
            if (s != null) {
                ustrd.add(s);
            }
        }
        List<StructuredRef> strd = new ArrayList<>();
        for (Object s : list(rmt, "Strd")) {
            for (Object cri : list(s, "CdtrRefInf")) {
                Object tp = get(cri, "Tp");
                Object cop = get(tp, "CdOrPrtry");
                String type = firstStr(cop, "Cd", "Prtry");
                strd.add(new StructuredRef(type, str(get(tp, "Issr")), str(get(cri, "Ref"))));
            }
        }
        Object rsn = path(tx, "RtrInf", "Rsn");
        return new ParsedTxDetail(amount, ccy, str(get(refs, "EndToEndId")), str(get(refs, "InstrId")),
                str(get(refs, "MndtId")), str(get(refs, "AcctSvcrRef")), name, iban, bic, ustrd, strd,
                firstStr(rsn, "Cd", "Prtry"),
                partyName(get(pties, "Dbtr")), str(path(pties, "DbtrAcct", "Id", "IBAN")),
                partyName(get(pties, "Cdtr")), str(path(pties, "CdtrAcct", "Id", "IBAN")),
                partyName(get(pties, "UltmtDbtr")), partyName(get(pties, "UltmtCdtr")),
                str(path(tx, "BkTxCd", "Prtry", "Cd")), amountDetails(get(tx, "AmtDtls")), charges(tx));
    }
}
