package io.encaisse.bank;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small camt.052/053/054 version .001.02 files for identity and continuity tests. The element layout follows the
 * real samples in bank-samples/ (camt053/ing-v2-nl-example.xml for Stmt/Bal/Ntry, camt054/genkgo-v2-isr-scor-three-txdtls.xml
 * for Ntfctn and several TxDtls in one batch entry); only accounts, references and amounts are ours.
 */
final class CamtBuilder {

    enum Kind {
        REPORT("camt.052.001.02", "BkToCstmrAcctRpt", "Rpt"),
        STATEMENT("camt.053.001.02", "BkToCstmrStmt", "Stmt"),
        NOTIFICATION("camt.054.001.02", "BkToCstmrDbtCdtNtfctn", "Ntfctn");

        final String ns;
        final String root;
        final String block;

        Kind(String ns, String root, String block) {
            this.ns = ns;
            this.root = root;
            this.block = block;
        }
    }

    record Tx(String endToEndId, String amount, String debtor, String remittance) {
    }

    record Line(String ref, String amount, boolean credit, String status, String date, List<Tx> txs) {
        static Line credit(String ref, String amount, String status, String date, Tx... txs) {
            return new Line(ref, amount, true, status, date, List.of(txs));
        }

        static Line debit(String ref, String amount, String date) {
            return new Line(ref, amount, false, "BOOK", date, List.of());
        }
    }

    private final Kind kind;
    private final String iban;
    private final String id;
    private final List<Line> lines = new ArrayList<>();
    private String opening;
    private String closing;
    private String date = "2026-11-20";
    private Long sequence;
    private String indent = "  ";
    private String tail = "";

    private CamtBuilder(Kind kind, String iban, String id) {
        this.kind = kind;
        this.iban = iban;
        this.id = id;
    }

    static CamtBuilder of(Kind kind, String iban, String statementId) {
        return new CamtBuilder(kind, iban, statementId);
    }

    CamtBuilder balances(String opening, String closing) {
        this.opening = opening;
        this.closing = closing;
        return this;
    }

    CamtBuilder date(String date) {
        this.date = date;
        return this;
    }

    CamtBuilder sequence(long sequence) {
        this.sequence = sequence;
        return this;
    }

    /** Other whitespace, same content: what a re-delivery by another bank system looks like. */
    CamtBuilder reindented() {
        this.indent = "\t";
        return this;
    }

    CamtBuilder line(Line line) {
        lines.add(line);
        return this;
    }

    /** Appends raw text after the last entry, e.g. broken XML. */
    CamtBuilder thenRaw(String text) {
        this.tail = text;
        return this;
    }

    byte[] bytes() {
        String i = indent;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:").append(kind.ns).append("\">\n");
        x.append(i).append('<').append(kind.root).append(">\n");
        x.append(i).append(i).append("<GrpHdr><MsgId>MSG-").append(id).append("</MsgId><CreDtTm>").append(date)
                .append("T18:00:00+01:00</CreDtTm></GrpHdr>\n");
        x.append(i).append(i).append('<').append(kind.block).append(">\n");
        String b = i + i + i;
        x.append(b).append("<Id>").append(id).append("</Id>\n");
        if (sequence != null) {
            x.append(b).append("<ElctrncSeqNb>").append(sequence).append("</ElctrncSeqNb>\n");
        }
        x.append(b).append("<CreDtTm>").append(date).append("T18:00:00+01:00</CreDtTm>\n");
        x.append(b).append("<Acct><Id><IBAN>").append(iban).append("</IBAN></Id><Ccy>EUR</Ccy></Acct>\n");
        if (opening != null) {
            x.append(balance(b, "OPBD", opening));
            x.append(balance(b, "CLBD", closing));
        }
        if (!tail.isEmpty() && lines.isEmpty()) {
            x.append(tail);
            return x.toString().getBytes(StandardCharsets.UTF_8);
        }
        for (Line l : lines) {
            x.append(b).append("<Ntry>\n");
            String e = b + i;
            x.append(e).append("<Amt Ccy=\"EUR\">").append(l.amount()).append("</Amt>\n");
            x.append(e).append("<CdtDbtInd>").append(l.credit() ? "CRDT" : "DBIT").append("</CdtDbtInd>\n");
            x.append(e).append("<Sts>").append(l.status()).append("</Sts>\n");
            x.append(e).append("<BookgDt><Dt>").append(l.date()).append("</Dt></BookgDt>\n");
            x.append(e).append("<ValDt><Dt>").append(l.date()).append("</Dt></ValDt>\n");
            if (l.ref() != null) {
                x.append(e).append("<AcctSvcrRef>").append(l.ref()).append("</AcctSvcrRef>\n");
            }
            x.append(e).append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n");
            if (!l.txs().isEmpty()) {
                x.append(e).append("<NtryDtls>\n");
                if (l.txs().size() > 1) {
                    x.append(e).append(i).append("<Btch><NbOfTxs>").append(l.txs().size()).append("</NbOfTxs></Btch>\n");
                }
                for (Tx t : l.txs()) {
                    x.append(e).append(i).append("<TxDtls><Refs><EndToEndId>").append(t.endToEndId())
                            .append("</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">").append(t.amount())
                            .append("</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>").append(t.debtor())
                            .append("</Nm></Dbtr></RltdPties><RmtInf><Ustrd>").append(t.remittance())
                            .append("</Ustrd></RmtInf></TxDtls>\n");
                }
                x.append(e).append("</NtryDtls>\n");
            }
            x.append(b).append("</Ntry>\n");
        }
        if (!tail.isEmpty()) {
            x.append(tail);
            return x.toString().getBytes(StandardCharsets.UTF_8);
        }
        x.append(i).append(i).append("</").append(kind.block).append(">\n");
        x.append(i).append("</").append(kind.root).append(">\n");
        x.append("</Document>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String balance(String b, String code, String amount) {
        boolean negative = amount.startsWith("-");
        return b + "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + (negative ? amount.substring(1) : amount)
                + "</Amt><CdtDbtInd>" + (negative ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>\n";
    }
}
