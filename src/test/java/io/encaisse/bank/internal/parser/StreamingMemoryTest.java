package io.encaisse.bank.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated 20,000-entry camt.053.001.02 goes through a counting sink; entries arrive while the file is read. */
class StreamingMemoryTest {
    private static final int ENTRIES = 20_000;

    @TempDir
    Path tmp;

    @Test
    void largeStatementIsStreamed() throws Exception {
        Path file = tmp.resolve("big-camt053.xml");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                    <BkToCstmrStmt><GrpHdr><MsgId>BIG-1</MsgId><CreDtTm>2024-03-01T06:00:00+01:00</CreDtTm></GrpHdr>
                    <Stmt><Id>BIG-STMT-1</Id><ElctrncSeqNb>42</ElctrncSeqNb>
                    <Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>
                    <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-02-29</Dt></Dt></Bal>
                    """);
            for (int i = 0; i < ENTRIES; i++) {
                w.write("<Ntry><NtryRef>" + i + "</NtryRef><Amt Ccy=\"CHF\">1.25</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                        + "<Sts>BOOK</Sts><BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt>"
                        + "<AcctSvcrRef>REF" + i + "</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
                        + "<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>E2E-" + i
                        + "</EndToEndId></Refs><RltdPties><Dbtr><Nm>Debtor " + i + "</Nm></Dbtr><DbtrAcct><Id><IBAN>"
                        + "DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>Invoice " + i
                        + "</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
            }
            w.write("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">25000.00</Amt>"
                    + "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal></Stmt></BkToCstmrStmt></Document>\n");
        }
        long size = Files.size(file);
        long[] bytesRead = {0};
        long[] readAtFirstEntry = {-1};
        int[] count = {0};
        BigDecimal[] sum = {BigDecimal.ZERO};
        StatementSink sink = new StatementSink() {
            @Override
            public void startStatement(StatementHeader header) {
                assertThat(header.statementId()).isEqualTo("BIG-STMT-1");
                assertThat(header.electronicSequence()).isEqualTo(42L);
                assertThat(header.balances()).extracting(Balance::code).containsExactly("OPBD");
            }

            @Override
            public void entry(ParsedEntry entry) {
                if (count[0] == 0) {
                    readAtFirstEntry[0] = bytesRead[0];
                }
                assertThat(entry.index()).isEqualTo(count[0]);
                assertThat(entry.details()).singleElement()
                        .satisfies(d -> assertThat(d.endToEndId()).isEqualTo("E2E-" + entry.index()));
                count[0]++;
                sum[0] = sum[0].add(entry.amount());
            }

            @Override
            public void endStatement() {}
        };
        ParseSummary summary;
        try (InputStream in = new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead[0]++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead[0] += n;
                }
                return n;
            }
        }) {
            summary = new StatementParser().parse(in, sink);
        }
        assertThat(summary.entries()).isEqualTo(ENTRIES);
        assertThat(count[0]).isEqualTo(ENTRIES);
        assertThat(sum[0]).isEqualByComparingTo("25000.00");
        assertThat(summary.warnings()).isEmpty();
        // the first entry reached the sink long before the whole file was read: nothing is accumulated
        assertThat(readAtFirstEntry[0]).isLessThan(size / 10);
    }
}
