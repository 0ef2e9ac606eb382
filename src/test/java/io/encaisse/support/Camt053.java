package io.encaisse.support;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds camt.053.001.02 statements for tests, one credit or debit at a time. */
public final class Camt053 {

    private final String account;
    private final LocalDate date;
    private final String statementId = "STMT-" + UUID.randomUUID();
    private final List<String> entries = new ArrayList<>();
    private BigDecimal credits = BigDecimal.ZERO;
    private BigDecimal debits = BigDecimal.ZERO;

    public Camt053(String account, LocalDate date) {
        this.account = account;
        this.date = date;
    }

    public Camt053 credit(String amount, String debtorName, String debtorIban, String... remittanceLines) {
        credits = credits.add(new BigDecimal(amount));
        entries.add(entry(amount, "CRDT", debtorName, debtorIban, remittanceLines));
        return this;
    }

    public Camt053 debit(String amount, String info) {
        debits = debits.add(new BigDecimal(amount));
        entries.add(entry(amount, "DBIT", null, null, new String[] {info}));
        return this;
    }

    /** A credit whose transaction details carry the payer's end-to-end id (to be found again by its return). */
    public Camt053 creditWithEndToEndId(String amount, String endToEndId, String debtorName, String debtorIban,
            String... remittanceLines) {
        credits = credits.add(new BigDecimal(amount));
        entries.add(entry(amount, "CRDT", debtorName, debtorIban, remittanceLines).replace(
                "<EndToEndId>NOTPROVIDED</EndToEndId>", "<EndToEndId>" + escape(endToEndId) + "</EndToEndId>"));
        return this;
    }

    /**
     * A credit the payer instructed in another currency: TxDtls/AmtDtls with the instructed amount (null for none) and
     * a CcyXchg (rate null for none).
     */
    public Camt053 creditInstructedIn(String amount, String instructedAmount, String instructedCurrency, String sourceCurrency,
            String targetCurrency, String unitCurrency, String rate, String debtorName, String... remittanceLines) {
        credits = credits.add(new BigDecimal(amount));
        String xchg = rate == null ? "" : "<CcyXchg><SrcCcy>" + sourceCurrency + "</SrcCcy><TrgtCcy>" + targetCurrency
                + "</TrgtCcy>" + (unitCurrency == null ? "" : "<UnitCcy>" + unitCurrency + "</UnitCcy>") + "<XchgRate>" + rate
                + "</XchgRate></CcyXchg>";
        String details = "<AmtDtls>" + (instructedAmount == null ? "" : "<InstdAmt><Amt Ccy=\"" + instructedCurrency + "\">"
                + instructedAmount + "</Amt>" + xchg + "</InstdAmt>")
                + "<TxAmt><Amt Ccy=\"EUR\">" + amount + "</Amt>" + (instructedAmount == null ? xchg : "") + "</TxAmt></AmtDtls>";
        entries.add(entry(amount, "CRDT", debtorName, null, remittanceLines).replace("</Refs>", "</Refs>" + details));
        return this;
    }

    /** A credit whose transaction details carry the payer's end-to-end id and mandate id (either may be null). */
    public Camt053 creditWithIds(String amount, String endToEndId, String mandateId, String debtorName, String... remittanceLines) {
        credits = credits.add(new BigDecimal(amount));
        entries.add(entry(amount, "CRDT", debtorName, null, remittanceLines).replace(
                "<EndToEndId>NOTPROVIDED</EndToEndId>", "<EndToEndId>" + (endToEndId == null ? "NOTPROVIDED" : escape(endToEndId))
                        + "</EndToEndId>" + (mandateId == null ? "" : "<MndtId>" + escape(mandateId) + "</MndtId>")));
        return this;
    }

    /**
     * The bank takes back an earlier credit: a debit with the reversal indicator, bank transaction code PMNT/RCDT/RRTN
     * and the return reason in RtrInf.
     *
     * @param endToEndId the original credit's end-to-end id, or null for NOTPROVIDED
     * @param reasonCode e.g. AC04 (account closed), MD06 (refund requested by the debtor)
     */
    public Camt053 returnOf(String amount, String endToEndId, String reasonCode, String originalDebtorName,
            String originalDebtorIban) {
        debits = debits.add(new BigDecimal(amount));
        String party = "<RltdPties><Cdtr><Nm>" + escape(originalDebtorName) + "</Nm></Cdtr>"
                + (originalDebtorIban == null ? "" : "<CdtrAcct><Id><IBAN>" + originalDebtorIban + "</IBAN></Id></CdtrAcct>")
                + "</RltdPties>";
        entries.add("<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>"
                + "<Sts>BOOK</Sts><BookgDt><Dt>" + date + "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt>"
                + "<AcctSvcrRef>" + UUID.randomUUID().toString().substring(0, 18) + "</AcctSvcrRef>"
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>"
                + "<NtryDtls><TxDtls><Refs><EndToEndId>" + (endToEndId == null ? "NOTPROVIDED" : escape(endToEndId))
                + "</EndToEndId></Refs>" + party + "<RmtInf><Ustrd>RETURN " + reasonCode + "</Ustrd></RmtInf>"
                + "<RtrInf><Rsn><Cd>" + reasonCode + "</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>");
        return this;
    }

    private String entry(String amount, String direction, String name, String iban, String[] lines) {
        StringBuilder rmt = new StringBuilder();
        for (String l : lines) {
            rmt.append("<Ustrd>").append(escape(l)).append("</Ustrd>");
        }
        String party = name == null ? "" : "<RltdPties><Dbtr><Nm>" + escape(name) + "</Nm></Dbtr>"
                + (iban == null ? "" : "<DbtrAcct><Id><IBAN>" + iban + "</IBAN></Id></DbtrAcct>") + "</RltdPties>";
        return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + direction + "</CdtDbtInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>" + date + "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt>"
                + "<AcctSvcrRef>" + UUID.randomUUID().toString().substring(0, 18) + "</AcctSvcrRef>"
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                + "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>" + party
                + "<RmtInf>" + rmt + "</RmtInf></TxDtls></NtryDtls></Ntry>";
    }

    public byte[] toBytes() {
        BigDecimal opening = new BigDecimal("1000.00");
        BigDecimal closing = opening.add(credits).subtract(debits);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
                + "<GrpHdr><MsgId>" + statementId + "</MsgId><CreDtTm>" + date + "T06:00:00</CreDtTm></GrpHdr>"
                + "<Stmt><Id>" + statementId + "</Id><CreDtTm>" + date + "T06:00:00</CreDtTm>"
                + "<Acct><Id><IBAN>" + account + "</IBAN></Id><Ccy>EUR</Ccy></Acct>"
                + balance("OPBD", opening) + balance("CLBD", closing)
                + String.join("", entries) + "</Stmt></BkToCstmrStmt></Document>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private String balance(String code, BigDecimal amount) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount.abs().toPlainString()
                + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
