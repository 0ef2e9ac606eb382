package io.encaisse.bank.internal.parser;

import io.encaisse.bank.AmountDetails;
import io.encaisse.bank.Charges;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * PROTOTYPE (benchmark only, not production code): what parse-only costs when each Ntry is read by hand from the
 * same hardened StAX stream (SafeReader, the parser's size-limited {@link XNode} tree) and mapped straight to
 * {@link ParsedEntry}, instead of JAXB-binding it to Prowide's model and walking that by reflection (Nav). Covers the
 * fields {@link EntryMapper} reads for camt.053 .02-.08 (name differences: Sts text or Sts/Cd, Dbtr/Nm or Dbtr/Pty/Nm,
 * BIC or BICFI, TxDtls/Amt or AmtDtls/TxAmt/Amt), including the fields added with bank identity (debtor/creditor
 * and ultimate parties, TxDtls BkTxCd/Prtry, AmtDtls with CcyXchg, Chrgs); header handling and the derivation fallbacks are left out — it
 * exists to measure the figure, not to replace the parser.
 */
public final class HandBoundEntryPrototype {

    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("External resources are not allowed: " + systemId);
        });
        return f;
    }

    private HandBoundEntryPrototype() {
    }

    /** Streams the file's Ntry elements to {@code sink.entry}; returns the number of entries. */
    public static long parseEntries(InputStream in, StatementSink sink) throws XMLStreamException, InvalidStatementException {
        XMLStreamReader r = new SafeReader(FACTORY.createXMLStreamReader(in));
        int index = 0;
        try {
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "Ntry".equals(r.getLocalName())) {
                    XNode n = XNode.read(r);
                    sink.entry(map(n, index++));
                }
            }
        } finally {
            r.close();
        }
        return index;
    }

    static ParsedEntry map(XNode n, int index) {
        XNode amt = n.child("Amt");
        BigDecimal amount = amt == null ? null : new BigDecimal(n.text("Amt"));
        String ccy = amt == null ? null : amt.attrs.get("Ccy");
        boolean credit = "CRDT".equals(n.text("CdtDbtInd"));
        String status = first(n.text("Sts", "Cd"), n.text("Sts", "Prtry"), n.text("Sts"));
        List<ParsedTxDetail> details = new ArrayList<>(1);
        for (XNode d : n.children) {
            if (d.name.equals("NtryDtls")) {
                for (XNode tx : d.children) {
                    if (tx.name.equals("TxDtls")) {
                        details.add(tx(tx, credit));
                    }
                }
            }
        }
        return new ParsedEntry(index, amount, ccy, credit, "true".equals(n.text("RvslInd")), status,
                date(first(n.text("BookgDt", "Dt"), n.text("BookgDt", "DtTm"))),
                date(first(n.text("ValDt", "Dt"), n.text("ValDt", "DtTm"))), n.text("AcctSvcrRef"), n.text("NtryRef"),
                n.text("BkTxCd", "Domn", "Cd"), n.text("BkTxCd", "Domn", "Fmly", "Cd"),
                n.text("BkTxCd", "Domn", "Fmly", "SubFmlyCd"), n.text("BkTxCd", "Prtry", "Cd"), n.text("AddtlNtryInf"),
                details, charges(n), amountDetails(n.child("AmtDtls")));
    }

    private static ParsedTxDetail tx(XNode tx, boolean entryCredit) {
        XNode amt = tx.child("Amt");
        String amtText = tx.text("Amt");
        if (amt == null) {
            amt = tx.at("AmtDtls", "TxAmt", "Amt");
            amtText = tx.text("AmtDtls", "TxAmt", "Amt");
        }
        String cdi = tx.text("CdtDbtInd");
        boolean credit = cdi == null ? entryCredit : "CRDT".equals(cdi);
        String party = credit ? "Dbtr" : "Cdtr";
        XNode pties = tx.child("RltdPties");
        String name = pties == null ? null : partyName(pties.child(party));
        String iban = pties == null ? null : pties.text(party + "Acct", "Id", "IBAN");
        XNode fin = tx.at("RltdAgts", party + "Agt", "FinInstnId");
        String bic = fin == null ? null : first(fin.text("BIC"), fin.text("BICFI"));
        List<String> ustrd = new ArrayList<>(1);
        List<StructuredRef> strd = new ArrayList<>(0);
        XNode rmt = tx.child("RmtInf");
        if (rmt != null) {
            for (XNode c : rmt.children) {
                if (c.name.equals("Ustrd")) {
                    String s = c.text.toString().trim();
                    if (!s.isEmpty()) {
                        ustrd.add(s);
                    }
                } else if (c.name.equals("Strd")) {
                    for (XNode cri : c.children) {
                        if (cri.name.equals("CdtrRefInf")) {
                            strd.add(new StructuredRef(first(cri.text("Tp", "CdOrPrtry", "Cd"), cri.text("Tp", "CdOrPrtry", "Prtry")),
                                    cri.text("Tp", "Issr"), cri.text("Ref")));
                        }
                    }
                }
            }
        }
        return new ParsedTxDetail(amtText == null ? null : new BigDecimal(amtText), amt == null ? null : amt.attrs.get("Ccy"),
                tx.text("Refs", "EndToEndId"), tx.text("Refs", "InstrId"), tx.text("Refs", "MndtId"),
                tx.text("Refs", "AcctSvcrRef"), name, iban, bic, ustrd, strd,
                first(tx.text("RtrInf", "Rsn", "Cd"), tx.text("RtrInf", "Rsn", "Prtry")),
                pties == null ? null : partyName(pties.child("Dbtr")), pties == null ? null : pties.text("DbtrAcct", "Id", "IBAN"),
                pties == null ? null : partyName(pties.child("Cdtr")), pties == null ? null : pties.text("CdtrAcct", "Id", "IBAN"),
                pties == null ? null : partyName(pties.child("UltmtDbtr")),
                pties == null ? null : partyName(pties.child("UltmtCdtr")), tx.text("BkTxCd", "Prtry", "Cd"),
                amountDetails(tx.child("AmtDtls")), charges(tx));
    }

    /** Nm, or Pty/Nm (camt .08). */
    private static String partyName(XNode p) {
        return p == null ? null : first(p.text("Nm"), p.text("Pty", "Nm"));
    }

    /** Chrgs as EntryMapper reads them: Rcrd (.03 and later) or, in .02, each Chrgs is a record. */
    private static Charges charges(XNode owner) {
        BigDecimal total = null;
        String totalCcy = null;
        List<Charges.ChargeRecord> records = null;
        for (XNode c : owner.children) {
            if (!c.name.equals("Chrgs")) {
                continue;
            }
            if (records == null) {
                records = new ArrayList<>();
            }
            XNode ttl = c.child("TtlChrgsAndTaxAmt");
            if (ttl != null && total == null) {
                total = decimal(c.text("TtlChrgsAndTaxAmt"));
                totalCcy = ttl.attrs.get("Ccy");
            }
            List<XNode> rcrds = new ArrayList<>();
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
                String cdi = r.text("CdtDbtInd");
                String incl = r.text("ChrgInclInd");
                records.add(new Charges.ChargeRecord(decimal(r.text("Amt")), amt == null ? null : amt.attrs.get("Ccy"),
                        cdi == null ? null : "CRDT".equals(cdi), first(r.text("Tp", "Cd"), r.text("Tp", "Prtry", "Id")),
                        r.text("Br"), incl == null ? null : Boolean.valueOf(incl)));
            }
        }
        return records == null ? null : new Charges(total, totalCcy, records);
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
        return new AmountDetails.ExchangedAmount(decimal(a.text("Amt")), amt == null ? null : amt.attrs.get("Ccy"),
                a.text("CcyXchg", "SrcCcy"), a.text("CcyXchg", "TrgtCcy"), a.text("CcyXchg", "UnitCcy"),
                decimal(a.text("CcyXchg", "XchgRate")));
    }

    private static BigDecimal decimal(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
