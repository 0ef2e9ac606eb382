package io.encaisse.bench.recon;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes one camt.053.001.02 statement entry by entry (the approach of {@code support/Camt053}, copied and streamed:
 * nothing but the current entry is held in memory). The totals must be known up front because the balances come
 * before the entries in camt.053.
 */
final class StreamingCamt053 implements AutoCloseable {

    /** One credit: its bank reference (AcctSvcrRef and EndToEndId), payer, unstructured lines and optional structured reference. */
    /**
     * @param endToEndId the payer's end-to-end id, null for {@code ref}
     * @param instructed the amount the payer instructed in another currency ("CHF 100.00" as currency and amount), or null
     * @param xchg the CcyXchg as source, target, unit currency and rate, or null
     */
    record Credit(String ref, BigDecimal amount, String debtorName, String debtorIban, List<String> ustrd, String strdRef,
            String strdType, String endToEndId, String instructedCurrency, BigDecimal instructedAmount, List<String> xchg) {

        Credit(String ref, BigDecimal amount, String debtorName, String debtorIban, List<String> ustrd, String strdRef,
                String strdType) {
            this(ref, amount, debtorName, debtorIban, ustrd, strdRef, strdType, null, null, null, null);
        }
    }

    private final Writer out;
    private final LocalDate date;
    private final String currency;

    StreamingCamt053(OutputStream stream, String statementId, String account, String currency, LocalDate date,
            BigDecimal opening, BigDecimal totalCredits) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.date = date;
        this.currency = currency;
        write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
                + "<GrpHdr><MsgId>" + statementId + "</MsgId><CreDtTm>" + date + "T06:00:00</CreDtTm></GrpHdr>"
                + "<Stmt><Id>" + statementId + "</Id><CreDtTm>" + date + "T06:00:00</CreDtTm>"
                + "<Acct><Id><IBAN>" + account + "</IBAN></Id><Ccy>" + currency + "</Ccy></Acct>"
                + balance("OPBD", opening) + balance("CLBD", opening.add(totalCredits)) + "\n");
    }

    void credit(Credit c) {
        StringBuilder rmt = new StringBuilder();
        for (String l : c.ustrd()) {
            rmt.append("<Ustrd>").append(escape(l)).append("</Ustrd>");
        }
        if (c.strdRef() != null) {
            String tp = "SCOR".equals(c.strdType())
                    ? "<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
                    : "<Tp><CdOrPrtry><Prtry>" + c.strdType() + "</Prtry></CdOrPrtry></Tp>";
            rmt.append("<Strd><CdtrRefInf>").append(tp).append("<Ref>").append(escape(c.strdRef()))
                    .append("</Ref></CdtrRefInf></Strd>");
        }
        String party = c.debtorName() == null && c.debtorIban() == null ? ""
                : "<RltdPties>" + (c.debtorName() == null ? "" : "<Dbtr><Nm>" + escape(c.debtorName()) + "</Nm></Dbtr>")
                        + (c.debtorIban() == null ? "" : "<DbtrAcct><Id><IBAN>" + c.debtorIban() + "</IBAN></Id></DbtrAcct>")
                        + "</RltdPties>";
        write("<Ntry><Amt Ccy=\"" + currency + "\">" + c.amount().toPlainString() + "</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                + "<Sts>BOOK</Sts><BookgDt><Dt>" + date + "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt>"
                + "<AcctSvcrRef>" + c.ref() + "</AcctSvcrRef>"
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                + "<NtryDtls><TxDtls><Refs><EndToEndId>" + escape(c.endToEndId() == null ? c.ref() : c.endToEndId())
                + "</EndToEndId></Refs>" + amountDetails(c) + party
                + (rmt.length() == 0 ? "" : "<RmtInf>" + rmt + "</RmtInf>") + "</TxDtls></NtryDtls></Ntry>\n");
    }

    private String amountDetails(Credit c) {
        if (c.instructedAmount() == null && c.xchg() == null) {
            return "";
        }
        String xchg = c.xchg() == null ? "" : "<CcyXchg><SrcCcy>" + c.xchg().get(0) + "</SrcCcy><TrgtCcy>" + c.xchg().get(1)
                + "</TrgtCcy><UnitCcy>" + c.xchg().get(2) + "</UnitCcy><XchgRate>" + c.xchg().get(3) + "</XchgRate></CcyXchg>";
        return "<AmtDtls>" + (c.instructedAmount() == null ? "" : "<InstdAmt><Amt Ccy=\"" + c.instructedCurrency() + "\">"
                + c.instructedAmount().toPlainString() + "</Amt>" + xchg + "</InstdAmt>")
                + "<TxAmt><Amt Ccy=\"" + currency + "\">" + c.amount().toPlainString() + "</Amt>"
                + (c.instructedAmount() == null ? xchg : "") + "</TxAmt></AmtDtls>";
    }

    @Override
    public void close() {
        write("</Stmt></BkToCstmrStmt></Document>\n");
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String balance(String code, BigDecimal amount) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + currency + "\">"
                + amount.abs().toPlainString() + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT")
                + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
