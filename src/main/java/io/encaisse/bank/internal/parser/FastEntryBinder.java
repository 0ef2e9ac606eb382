package io.encaisse.bank.internal.parser;

import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.Charges;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The default ("fast") entry binder: reads one Ntry straight from the hardened StAX stream into {@link ParsedEntry},
 * without JAXB. Element names are those of every camt.052/053/054 version (Sts as text or Sts/Cd, Dbtr/Nm or
 * Dbtr/Pty/Nm, BIC or BICFI, TxDtls/Amt or AmtDtls/TxAmt/Amt, .01's TxDtls under Ntry). It reads values as the Prowide
 * binding does: text trimmed, blank as absent, a code outside the version's closed code list (Prowide's enum) or an
 * unparseable number, boolean or date as absent. Derivations and rejections are shared ({@link EntryMapper.Draft}).
 * {@code BankSampleConformanceTest} proves both binders give the same output on the whole sample corpus.
 *
 * <p>Memory: the entry's small parts are read as size-limited {@link XNode}s; TxDtls one by one, so an entry's size is
 * bounded by its own content, as with JAXB. Elements the mapping does not use are skipped without being kept.
 */
final class FastEntryBinder {
    private static final Set<String> CREDIT_DEBIT = Set.of("CRDT", "DBIT");

    /** The version's closed code lists (null where the version has free text). */
    private final Set<String> statusCodes;
    private final Set<String> documentTypeCodes;
    private final Set<String> chargeTypeCodes;
    private final Set<String> chargeBearerCodes;
    /** Which forms the version's model has: a party's Nm and/or Pty/Nm, an agent's BIC and/or BICFI, TxDtls/Amt. */
    private final Map<String, boolean[]> partyForms = new HashMap<>();
    private final boolean agentBic;
    private final boolean agentBicfi;
    private final boolean txAmt;

    FastEntryBinder(Class<?> prowideEntryClass) {
        this.statusCodes = codes(prowideEntryClass, "Sts");
        Set<String> doc = codes(prowideEntryClass, "NtryDtls", "TxDtls", "RmtInf", "Strd", "CdtrRefInf", "Tp", "CdOrPrtry", "Cd");
        this.documentTypeCodes = doc != null ? doc
                : codes(prowideEntryClass, "TxDtls", "RmtInf", "Strd", "CdtrRefInf", "Tp", "CdOrPrtry", "Cd");
        Set<String> type = codes(prowideEntryClass, "Chrgs", "Rcrd", "Tp", "Cd");
        this.chargeTypeCodes = type != null ? type : codes(prowideEntryClass, "Chrgs", "Tp", "Cd");
        Set<String> bearer = codes(prowideEntryClass, "Chrgs", "Rcrd", "Br");
        this.chargeBearerCodes = bearer != null ? bearer : codes(prowideEntryClass, "Chrgs", "Br");
        Class<?> tx = type(prowideEntryClass, "NtryDtls", "TxDtls");
        if (tx == null) {
            tx = type(prowideEntryClass, "TxDtls");
        }
        for (String role : new String[] {"Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr"}) {
            Class<?> party = type(tx, "RltdPties", role);
            partyForms.put(role, new boolean[] {type(party, "Nm") != null, type(party, "Pty", "Nm") != null});
        }
        Class<?> fin = type(tx, "RltdAgts", "DbtrAgt", "FinInstnId");
        this.agentBic = type(fin, "BIC") != null;
        this.agentBicfi = type(fin, "BICFI") != null;
        this.txAmt = type(tx, "Amt") != null;
    }

    /** Reads the Ntry at the reader's START_ELEMENT; leaves the reader on its END_ELEMENT. */
    ParsedEntry read(XMLStreamReader r, int index, String label, Consumer<String> warn)
            throws XMLStreamException, InvalidStatementException {
        EntryMapper.Draft d = new EntryMapper.Draft();
        XNode amt = null;
        List<XNode> chrgs = null;
        List<XNode> txs = new ArrayList<>(1);
        List<XNode> entryLevelTxs = null;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (r.getLocalName()) {
                case "Amt" -> amt = XNode.read(r);
                case "CdtDbtInd" -> d.cdi = code(leaf(r), CREDIT_DEBIT);
                case "RvslInd" -> d.reversal = Boolean.TRUE.equals(bool(leaf(r)));
                case "Sts" -> {
                    XNode sts = XNode.read(r);
                    // a code list (enum) up to .06, a Cd/Prtry choice from .07 on
                    d.status = statusCodes != null ? code(clean(sts.rawText()), statusCodes)
                            : first(sts.text("Cd"), sts.text("Prtry"));
                }
                case "BookgDt" -> d.bookingDate = dateChoice(XNode.read(r));
                case "ValDt" -> d.valueDate = dateChoice(XNode.read(r));
                case "AcctSvcrRef" -> d.servicerRef = leaf(r);
                case "NtryRef" -> d.entryRef = leaf(r);
                case "AddtlNtryInf" -> d.additionalInfo = leaf(r);
                case "BkTxCd" -> {
                    XNode b = XNode.read(r);
                    d.domain = b.text("Domn", "Cd");
                    d.family = b.text("Domn", "Fmly", "Cd");
                    d.subFamily = b.text("Domn", "Fmly", "SubFmlyCd");
                    d.proprietary = b.text("Prtry", "Cd");
                }
                case "Chrgs" -> {
                    if (chrgs == null) {
                        chrgs = new ArrayList<>(1);
                    }
                    chrgs.add(XNode.read(r));
                }
                case "AmtDtls" -> d.amountDetails = amountDetails(XNode.read(r));
                case "NtryDtls" -> readDetails(r, d, txs);
                case "TxDtls" -> {
                    if (entryLevelTxs == null) {
                        entryLevelTxs = new ArrayList<>(1);
                    }
                    entryLevelTxs.add(XNode.read(r));
                }
                default -> skip(r);
            }
        }
        if (amt != null) {
            d.amount = decimal(amt.rawText());
            d.currency = clean(amt.attrs.get("Ccy"));
        }
        d.charges = charges(chrgs);
        if (entryLevelTxs != null) {
            txs.addAll(entryLevelTxs);
        }
        Set<String> txCdi = new HashSet<>(2);
        for (XNode tx : txs) {
            txCdi.add(code(tx.text("CdtDbtInd"), CREDIT_DEBIT));
        }
        d.txCdi = txCdi;
        return d.complete(index, label, warn, credit -> {
            List<ParsedTxDetail> details = new ArrayList<>(txs.size());
            for (XNode tx : txs) {
                details.add(tx(tx, credit));
            }
            return details;
        });
    }

    /** NtryDtls: its Btch's CdtDbtInd and its TxDtls, one at a time. */
    private static void readDetails(XMLStreamReader r, EntryMapper.Draft d, List<XNode> txs)
            throws XMLStreamException, InvalidStatementException {
        boolean firstBatch = true;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (r.getLocalName()) {
                case "TxDtls" -> txs.add(XNode.read(r));
                case "Btch" -> {
                    XNode b = XNode.read(r);
                    // as Prowide's model is read: the first Btch of each NtryDtls, the last NtryDtls that has one
                    if (firstBatch) {
                        firstBatch = false;
                        String cdi = code(b.text("CdtDbtInd"), CREDIT_DEBIT);
                        if (cdi != null) {
                            d.batchCdi = cdi;
                        }
                    }
                }
                default -> skip(r);
            }
        }
    }

    private ParsedTxDetail tx(XNode tx, boolean entryCredit) {
        XNode amt = txAmt ? tx.child("Amt") : null;
        if (amt == null) {
            amt = tx.at("AmtDtls", "TxAmt", "Amt");
        }
        String cdi = code(tx.text("CdtDbtInd"), CREDIT_DEBIT);
        boolean credit = cdi == null ? entryCredit : "CRDT".equals(cdi);
        // the counterparty of a credit is the debtor, of a debit the creditor
        String party = credit ? "Dbtr" : "Cdtr";
        XNode pties = tx.child("RltdPties");
        XNode fin = tx.at("RltdAgts", party + "Agt", "FinInstnId");
        List<String> ustrd = new ArrayList<>(1);
        List<StructuredRef> strd = new ArrayList<>(0);
        XNode rmt = tx.child("RmtInf");
        if (rmt != null) {
            for (XNode c : rmt.children) {
                if (c.name.equals("Ustrd")) {
                    String s = clean(c.rawText());
                    if (s != null) {
                        ustrd.add(s);
                    }
                }
            }
            for (XNode c : rmt.children) {
                if (c.name.equals("Strd")) {
                    for (XNode cri : c.children) {
                        if (cri.name.equals("CdtrRefInf")) {
                            strd.add(new StructuredRef(first(code(cri.text("Tp", "CdOrPrtry", "Cd"), documentTypeCodes),
                                    cri.text("Tp", "CdOrPrtry", "Prtry")), cri.text("Tp", "Issr"), cri.text("Ref")));
                        }
                    }
                }
            }
        }
        return new ParsedTxDetail(amt == null ? null : decimal(amt.rawText()), amt == null ? null : clean(amt.attrs.get("Ccy")),
                tx.text("Refs", "EndToEndId"), tx.text("Refs", "InstrId"), tx.text("Refs", "MndtId"),
                tx.text("Refs", "AcctSvcrRef"), partyName(pties, party), pties == null ? null : pties.text(party + "Acct", "Id", "IBAN"),
                fin == null ? null : first(agentBic ? fin.text("BIC") : null, agentBicfi ? fin.text("BICFI") : null), ustrd, strd,
                first(tx.text("RtrInf", "Rsn", "Cd"), tx.text("RtrInf", "Rsn", "Prtry")),
                partyName(pties, "Dbtr"), pties == null ? null : pties.text("DbtrAcct", "Id", "IBAN"),
                partyName(pties, "Cdtr"), pties == null ? null : pties.text("CdtrAcct", "Id", "IBAN"),
                partyName(pties, "UltmtDbtr"), partyName(pties, "UltmtCdtr"), tx.text("BkTxCd", "Prtry", "Cd"),
                amountDetails(tx.child("AmtDtls")), charges(chargesOf(tx)));
    }

    private static List<XNode> chargesOf(XNode owner) {
        List<XNode> out = null;
        for (XNode c : owner.children) {
            if (c.name.equals("Chrgs")) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(c);
            }
        }
        return out;
    }

    /** Nm, or Pty/Nm (camt .08), as far as the version's model has them. */
    private String partyName(XNode pties, String role) {
        XNode p = pties == null ? null : pties.child(role);
        if (p == null) {
            return null;
        }
        boolean[] forms = partyForms.get(role);
        return first(forms[0] ? p.text("Nm") : null, forms[1] ? p.text("Pty", "Nm") : null);
    }

    /** Chrgs as {@link EntryMapper#charges} reads them: Rcrd (.03 and later) or, in .02, each Chrgs is a record. */
    private Charges charges(List<XNode> chrgs) {
        if (chrgs == null) {
            return null;
        }
        BigDecimal total = null;
        String totalCcy = null;
        List<Charges.ChargeRecord> records = new ArrayList<>();
        for (XNode c : chrgs) {
            XNode ttl = c.child("TtlChrgsAndTaxAmt");
            if (ttl != null && total == null) {
                total = decimal(ttl.rawText());
                totalCcy = clean(ttl.attrs.get("Ccy"));
            }
            List<XNode> rcrds = new ArrayList<>(1);
            for (XNode r : c.children) {
                if (r.name.equals("Rcrd")) {
                    rcrds.add(r);
                }
            }
            if (rcrds.isEmpty() && c.child("Amt") != null) {
                rcrds.add(c);
            }
            for (XNode r : rcrds) {
                XNode amt = r.child("Amt");
                String cdi = code(r.text("CdtDbtInd"), CREDIT_DEBIT);
                records.add(new Charges.ChargeRecord(amt == null ? null : decimal(amt.rawText()),
                        amt == null ? null : clean(amt.attrs.get("Ccy")), cdi == null ? null : "CRDT".equals(cdi),
                        first(code(r.text("Tp", "Cd"), chargeTypeCodes), r.text("Tp", "Prtry", "Id")),
                        code(r.text("Br"), chargeBearerCodes), bool(r.text("ChrgInclInd"))));
            }
        }
        return new Charges(total, totalCcy, records);
    }

    private static AmountDetails amountDetails(XNode d) {
        if (d == null) {
            return null;
        }
        AmountDetails a = new AmountDetails(exchanged(d.child("InstdAmt")), exchanged(d.child("TxAmt")),
                exchanged(d.child("CntrValAmt")), exchanged(d.child("AnncdPstngAmt")));
        return a.instructed() == null && a.transaction() == null && a.counterValue() == null && a.announcedPosting() == null
                ? null : a;
    }

    private static AmountDetails.ExchangedAmount exchanged(XNode a) {
        if (a == null) {
            return null;
        }
        XNode amt = a.child("Amt");
        XNode x = a.child("CcyXchg");
        return new AmountDetails.ExchangedAmount(amt == null ? null : decimal(amt.rawText()),
                amt == null ? null : clean(amt.attrs.get("Ccy")), x == null ? null : x.text("SrcCcy"),
                x == null ? null : x.text("TrgtCcy"), x == null ? null : x.text("UnitCcy"),
                x == null ? null : decimal(x.text("XchgRate")));
    }

    /** Dt, else DtTm; the date part as written. */
    private static LocalDate dateChoice(XNode n) {
        LocalDate d = date(n.text("Dt"));
        return d != null ? d : date(n.text("DtTm"));
    }

    /** The text of a leaf element, as Prowide's String properties are read (trimmed, blank as absent). */
    private static String leaf(XMLStreamReader r) throws XMLStreamException, InvalidStatementException {
        return clean(XNode.read(r).rawText());
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String code(String value, Set<String> codes) {
        return value == null || codes == null || codes.contains(value) ? value : null;
    }

    /** xs:boolean: true/1, false/0, else absent. */
    private static Boolean bool(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static BigDecimal decimal(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The type at the end of {@code path} from {@code type} (getters by element name; a list's element type), or null. */
    private static Class<?> type(Class<?> type, String... path) {
        Class<?> cur = type;
        for (String name : path) {
            if (cur == null) {
                return null;
            }
            cur = propertyType(cur, name);
        }
        return cur;
    }

    /** The values of the enum at the end of {@code path} from {@code type} (getters by element name), else null. */
    static Set<String> codes(Class<?> type, String... path) {
        Class<?> cur = type(type, path);
        if (cur == null || !cur.isEnum()) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (Object constant : cur.getEnumConstants()) {
            values.add(Nav.str(constant));
        }
        return Set.copyOf(values);
    }

    private static Class<?> propertyType(Class<?> owner, String name) {
        try {
            Method m = owner.getMethod("get" + name);
            if (List.class.isAssignableFrom(m.getReturnType())) {
                Type t = m.getGenericReturnType();
                if (t instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                    return c;
                }
                return null;
            }
            return m.getReturnType();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
