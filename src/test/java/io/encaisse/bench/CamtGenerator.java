package io.encaisse.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes a realistic camt.053 (.001.02 or .001.08) statement with N entries, streamed to disk: nothing but the entry
 * being written is held in memory. Deterministic for a given seed.
 *
 * <p>Content: one statement, IBAN account in EUR, OPBD/CLBD balances that reconcile with the entries, a TxsSummry;
 * entries are ~70% credits (customer payments: debtor name + IBAN + BIC, Ustrd with one to three invoice numbers,
 * one in five with a SCOR creditor reference instead), ~30% debits (creditor name + IBAN, supplier reference),
 * ~3% batch credits carrying 2 to 6 TxDtls (amount = sum of the details), ~1% reversals.
 *
 * <p>Each entry's content is a pure function of (seed, index), so the balances can be computed in a first pass that
 * only draws amounts, before the entries are written.
 */
public final class CamtGenerator {

    public enum Version {
        V02("camt.053.001.02"), V08("camt.053.001.08");

        final String ns;

        Version(String name) {
            this.ns = "urn:iso:std:iso:20022:tech:xsd:" + name;
        }
    }

    private static final String[] FIRST = {"ACME", "Durand", "Nordwind", "Brasserie du Port", "Kowalski", "Muller",
            "Lefebvre", "Atelier Bleu", "Garage Martin", "Helvetia Trading", "Rossi", "Van Dijk", "Studio Lumiere",
            "Boulangerie Paul", "Transports Girard", "Schmidt", "Fernandez", "Le Petit Bistrot", "Optique Moreau",
            "Pharmacie Centrale"};
    private static final String[] SUFFIX = {"SAS", "SARL", "GmbH", "SA", "BV", "Srl", "& Fils", "Ltd", "SE", ""};
    private static final String[] SUPPLIERS = {"EDF", "Orange Business", "URSSAF", "DGFIP", "Loyer Bureau SCI",
            "Amazon Web Services EMEA", "Office Depot", "AXA Assurances"};
    private static final String[] BICS = {"BNPAFRPPXXX", "SOGEFRPPXXX", "CRLYFRPPXXX", "DEUTDEFFXXX", "INGBNL2AXXX",
            "UBSWCHZH80A", "CCBPFRPPXXX", "AGRIFRPPXXX"};
    private static final String[] COUNTRY_IBAN = {"FR7630006000011234567890189", "DE89370400440532013000",
            "NL91ABNA0417164300", "BE68539007547034", "IT60X0542811101000000123456", "ES9121000418450200051332",
            "CH9300762011623852957", "FR1420041010050500013M02606"};

    private final Version version;
    private final long seed;
    private final LocalDate day = LocalDate.of(2026, 11, 20);

    public CamtGenerator(Version version, long seed) {
        this.version = version;
        this.seed = seed;
    }

    /** Totals of the generated file, computed before writing it. */
    public record Totals(int entries, int credits, int debits, BigDecimal creditSum, BigDecimal debitSum,
            BigDecimal opening, BigDecimal closing) {
    }

    /** Writes the file (replacing it) and returns its totals. */
    public Totals write(Path file, int entries) throws IOException {
        Totals t = totals(entries);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            header(w, t);
            StringBuilder sb = new StringBuilder(4096);
            for (int i = 0; i < entries; i++) {
                sb.setLength(0);
                entry(sb, i);
                w.append(sb);
            }
            w.write("</Stmt>\n</BkToCstmrStmt>\n</Document>\n");
        }
        return t;
    }

    private SplittableRandom rnd(int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    /** The first draws of an entry's generator: kind, direction and amounts (in cents). */
    private static final class Shape {
        boolean credit;
        boolean reversal;
        long[] parts; // one per TxDtls
        long total;
    }

    private Shape shape(SplittableRandom r) {
        Shape s = new Shape();
        int kind = r.nextInt(100);
        s.credit = kind < 70;
        s.reversal = kind == 99;
        boolean batch = s.credit && kind < 3;
        int n = batch ? 2 + r.nextInt(5) : 1;
        s.parts = new long[n];
        for (int k = 0; k < n; k++) {
            // log-uniform-ish amounts between 1.00 and ~250,000.00
            double mag = Math.pow(10, 2 + r.nextDouble() * 5.4);
            s.parts[k] = Math.max(100, (long) mag);
            s.total += s.parts[k];
        }
        return s;
    }

    private Totals totals(int entries) {
        long credit = 0;
        long debit = 0;
        int credits = 0;
        for (int i = 0; i < entries; i++) {
            Shape s = shape(rnd(i));
            if (s.credit) {
                credit += s.total;
                credits++;
            } else {
                debit += s.total;
            }
        }
        BigDecimal opening = BigDecimal.valueOf(new SplittableRandom(seed).nextLong(1_000_000_00L), 2);
        BigDecimal c = BigDecimal.valueOf(credit, 2);
        BigDecimal d = BigDecimal.valueOf(debit, 2);
        return new Totals(entries, credits, entries - credits, c, d, opening, opening.add(c).subtract(d));
    }

    private void header(Writer w, Totals t) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<Document xmlns=\"" + version.ns + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        w.write("<BkToCstmrStmt>\n<GrpHdr><MsgId>BENCH-" + seed + "-" + t.entries() + "</MsgId><CreDtTm>" + day
                + "T06:00:00+01:00</CreDtTm><MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn></GrpHdr>\n");
        w.write("<Stmt>\n<Id>STMT-" + seed + "-" + t.entries() + "</Id><ElctrncSeqNb>" + (1000 + t.entries() % 997)
                + "</ElctrncSeqNb><CreDtTm>" + day + "T06:00:00+01:00</CreDtTm>\n");
        w.write("<FrToDt><FrDtTm>" + day + "T00:00:00+01:00</FrDtTm><ToDtTm>" + day + "T23:59:59+01:00</ToDtTm></FrToDt>\n");
        w.write("<Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Encaisse Demo SAS</Nm></Ownr>"
                + "<Svcr><FinInstnId><" + bicTag() + ">BNPAFRPPXXX</" + bicTag() + "></FinInstnId></Svcr></Acct>\n");
        balance(w, "Bal", "OPBD", t.opening(), day.minusDays(1));
        balance(w, "Bal", "CLBD", t.closing(), day);
        w.write("<TxsSummry><TtlNtries><NbOfNtries>" + t.entries() + "</NbOfNtries></TtlNtries>"
                + "<TtlCdtNtries><NbOfNtries>" + t.credits() + "</NbOfNtries><Sum>" + t.creditSum().toPlainString()
                + "</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>" + t.debits() + "</NbOfNtries><Sum>"
                + t.debitSum().toPlainString() + "</Sum></TtlDbtNtries></TxsSummry>\n");
    }

    private String bicTag() {
        return version == Version.V08 ? "BICFI" : "BIC";
    }

    private static void balance(Writer w, String tag, String code, BigDecimal amount, LocalDate date) throws IOException {
        w.write("<" + tag + "><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">"
                + amount.abs().toPlainString() + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT")
                + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></" + tag + ">\n");
    }

    private static String amt(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private void entry(StringBuilder sb, int i) {
        SplittableRandom r = rnd(i);
        Shape s = shape(r);
        boolean v08 = version == Version.V08;
        String cdi = s.credit ? "CRDT" : "DBIT";
        LocalDate valDt = day.minusDays(r.nextInt(3));
        sb.append("<Ntry><NtryRef>").append(i + 1).append("</NtryRef><Amt Ccy=\"EUR\">").append(amt(s.total))
                .append("</Amt><CdtDbtInd>").append(cdi).append("</CdtDbtInd>");
        if (s.reversal) {
            sb.append("<RvslInd>true</RvslInd>");
        }
        sb.append(v08 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>")
                .append("<BookgDt><Dt>").append(day).append("</Dt></BookgDt><ValDt><Dt>").append(valDt)
                .append("</Dt></ValDt><AcctSvcrRef>BNP").append(seed & 0xFFFF).append('-').append(1_000_000_000L + i)
                .append("</AcctSvcrRef>");
        String family = s.parts.length > 1 ? "RCDT" : s.credit ? "RCDT" : (r.nextBoolean() ? "ICDT" : "RDDT");
        String sub = s.parts.length > 1 ? "BOOK" : s.credit ? "ESCT" : ("ICDT".equals(family) ? "ESCT" : "ESDD");
        sb.append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>").append(family).append("</Cd><SubFmlyCd>").append(sub)
                .append("</SubFmlyCd></Fmly></Domn><Prtry><Cd>").append(s.credit ? "102" : "201")
                .append("</Cd><Issr>CFONB</Issr></Prtry></BkTxCd>");
        sb.append("<NtryDtls>");
        if (s.parts.length > 1) {
            sb.append("<Btch><MsgId>BATCH-").append(i).append("</MsgId><NbOfTxs>").append(s.parts.length)
                    .append("</NbOfTxs><TtlAmt Ccy=\"EUR\">").append(amt(s.total)).append("</TtlAmt><CdtDbtInd>")
                    .append(cdi).append("</CdtDbtInd></Btch>");
        }
        for (int k = 0; k < s.parts.length; k++) {
            txDetails(sb, r, i, k, s, v08);
        }
        sb.append("</NtryDtls>");
        if (r.nextInt(10) == 0) {
            sb.append("<AddtlNtryInf>").append(s.credit ? "VIR SEPA RECU" : "PRLV SEPA").append(" /REF ")
                    .append(Long.toHexString(r.nextLong()).toUpperCase()).append("</AddtlNtryInf>");
        }
        sb.append("</Ntry>\n");
    }

    private void txDetails(StringBuilder sb, SplittableRandom r, int i, int k, Shape s, boolean v08) {
        String party = s.credit ? "Dbtr" : "Cdtr";
        String name = s.credit ? FIRST[r.nextInt(FIRST.length)] + " " + SUFFIX[r.nextInt(SUFFIX.length)]
                : SUPPLIERS[r.nextInt(SUPPLIERS.length)];
        String iban = COUNTRY_IBAN[r.nextInt(COUNTRY_IBAN.length)];
        String bic = BICS[r.nextInt(BICS.length)];
        sb.append("<TxDtls><Refs><MsgId>M").append(i).append("</MsgId><AcctSvcrRef>TX").append(i).append('-').append(k)
                .append("</AcctSvcrRef><PmtInfId>P").append(i).append("</PmtInfId><EndToEndId>")
                .append(r.nextInt(8) == 0 ? "NOTPROVIDED" : "E2E-" + (i + 1) + "-" + (k + 1)).append("</EndToEndId>");
        if (!s.credit && r.nextBoolean()) {
            sb.append("<MndtId>MDT-").append(r.nextInt(100_000)).append("</MndtId>");
        }
        sb.append("</Refs>");
        if (v08) {
            sb.append("<Amt Ccy=\"EUR\">").append(amt(s.parts[k])).append("</Amt><CdtDbtInd>")
                    .append(s.credit ? "CRDT" : "DBIT").append("</CdtDbtInd>");
        }
        sb.append("<AmtDtls><TxAmt><Amt Ccy=\"EUR\">").append(amt(s.parts[k])).append("</Amt></TxAmt></AmtDtls>");
        sb.append("<RltdPties><").append(party).append('>');
        if (v08) {
            sb.append("<Pty><Nm>").append(xml(name)).append("</Nm></Pty>");
        } else {
            sb.append("<Nm>").append(xml(name)).append("</Nm>");
        }
        sb.append("</").append(party).append("><").append(party).append("Acct><Id><IBAN>").append(iban)
                .append("</IBAN></Id></").append(party).append("Acct></RltdPties>");
        sb.append("<RltdAgts><").append(party).append("Agt><FinInstnId><").append(bicTag()).append('>').append(bic)
                .append("</").append(bicTag()).append("></FinInstnId></").append(party).append("Agt></RltdAgts>");
        sb.append("<RmtInf>");
        if (s.credit && r.nextInt(5) == 0) {
            // structured creditor reference (ISO 11649 style)
            sb.append("<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF")
                    .append(10 + r.nextInt(89)).append("INV2026").append(String.format("%06d", r.nextInt(1_000_000)))
                    .append("</Ref></CdtrRefInf></Strd>");
        } else if (s.credit) {
            int invoices = 1 + (r.nextInt(10) == 0 ? 1 + r.nextInt(2) : 0);
            sb.append("<Ustrd>");
            sb.append(invoices > 1 ? "Paiement factures " : "Paiement facture ");
            for (int n = 0; n < invoices; n++) {
                if (n > 0) {
                    sb.append(", ");
                }
                sb.append("INV-2026-").append(String.format("%05d", r.nextInt(100_000)));
            }
            sb.append(" client C-").append(r.nextInt(10_000)).append("</Ustrd>");
        } else {
            sb.append("<Ustrd>FACTURE FOURNISSEUR F").append(r.nextInt(1_000_000)).append(" ")
                    .append(xml(name).toUpperCase()).append("</Ustrd>");
        }
        sb.append("</RmtInf></TxDtls>");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

    /** {@code CamtGenerator <file> <entries> [02|08] [seed]} */
    public static void main(String[] args) throws IOException {
        Version v = args.length > 2 && args[2].endsWith("08") ? Version.V08 : Version.V02;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20261120L;
        Totals t = new CamtGenerator(v, seed).write(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println(t);
    }
}
