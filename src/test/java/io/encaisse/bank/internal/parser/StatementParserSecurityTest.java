package io.encaisse.bank.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import io.encaisse.bank.BankProperties.ParserMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rejection holds with both camt entry binders. */
class StatementParserSecurityTest {
    private static final String DOCTYPE = "DOCTYPE declarations are not allowed (XXE protection)";
    private static final String NS053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

    private StatementParser parser;

    private static byte[] sample(String file) throws IOException {
        try (InputStream in = StatementParserSecurityTest.class.getResourceAsStream("/bank-samples/" + file)) {
            return in.readAllBytes();
        }
    }

    private InvalidStatementException reject(byte[] content, CollectingSink sink) {
        InvalidStatementException e = catchThrowableOfType(InvalidStatementException.class,
                () -> parser.parse(new ByteArrayInputStream(content), sink));
        assertThat(e).as("the file must be rejected").isNotNull();
        assertThat(e.getReason()).isNotBlank();
        return e;
    }

    private InvalidStatementException reject(String content) {
        CollectingSink sink = new CollectingSink();
        InvalidStatementException e = reject(content.getBytes(StandardCharsets.UTF_8), sink);
        assertThat(sink.totalEntries).isZero();
        return e;
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void classicXxeIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        InvalidStatementException e = reject("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <Document xmlns="%s"><BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>
                """.formatted(NS053));
        assertThat(e.getReason()).isEqualTo(DOCTYPE);
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void externalDtdIsRejectedWithoutNetworkAccess(ParserMode mode) {
        parser = new StatementParser(mode);
        InvalidStatementException e = reject("""
                <?xml version="1.0"?>
                <!DOCTYPE Document SYSTEM "http://attacker.invalid/evil.dtd">
                <Document xmlns="%s"/>
                """.formatted(NS053));
        assertThat(e.getReason()).isEqualTo(DOCTYPE);
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void billionLaughsIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        StringBuilder dtd = new StringBuilder("<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            String prev = i == 1 ? "&lol;" : "&lol" + (i - 1) + ";";
            dtd.append(prev.repeat(10)).append("\">");
        }
        InvalidStatementException e = reject("<?xml version=\"1.0\"?><!DOCTYPE lolz [" + dtd + "]>"
                + "<Document xmlns=\"" + NS053 + "\"><BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr>"
                + "</BkToCstmrStmt></Document>");
        assertThat(e.getReason()).isEqualTo(DOCTYPE);
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void doctypeInAnOtherwiseValidCamt053IsRejectedBeforeAnyEntry(ParserMode mode) throws IOException {
        parser = new StatementParser(mode);
        String valid = new String(sample("camt053/genkgo-v2-multi-statement.xml"), StandardCharsets.UTF_8);
        int afterDecl = valid.indexOf("?>") + 2;
        String withDoctype = valid.substring(0, afterDecl) + "\n<!DOCTYPE Document>" + valid.substring(afterDecl);
        CollectingSink sink = new CollectingSink();
        InvalidStatementException e = reject(withDoctype.getBytes(StandardCharsets.UTF_8), sink);
        assertThat(e.getReason()).isEqualTo(DOCTYPE);
        assertThat(sink.statements).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void malformedXmlIsRejectedWithLineAndColumn(ParserMode mode) {
        parser = new StatementParser(mode);
        InvalidStatementException e = reject("<Document xmlns=\"" + NS053 + "\">\n<BkToCstmrStmt>\n<Stmt>\n"
                + "</BkToCstmrStmt></Document>");
        assertThat(e.getReason()).startsWith("Malformed or truncated XML at line 4, column");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void truncatedSampleIsRejected(ParserMode mode) throws IOException {
        parser = new StatementParser(mode);
        byte[] full = sample("camt053/nordea-v2-example.xml");
        byte[] half = Arrays.copyOf(full, full.length / 2);
        CollectingSink sink = new CollectingSink();
        InvalidStatementException e = reject(half, sink);
        assertThat(e.getReason()).startsWith("Malformed or truncated XML at line");
        // entries before the cut may have been streamed; the sink contract says they are discarded on rejection
        assertThat(sink.totalEntries).isLessThan(6);
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void emptyFileIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        assertThat(reject("").getReason()).isEqualTo("The file is empty");
        assertThat(reject("  \r\n\t ").getReason()).isEqualTo("The file is empty");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void wrongNamespaceIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        assertThat(reject("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn/></Document>")
                .getReason()).isEqualTo("Unsupported message type: urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
        assertThat(reject("<Document><BkToCstmrStmt/></Document>").getReason())
                .isEqualTo("Unsupported message type: <Document> without namespace");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void unknownCamtMessageIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        assertThat(reject("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.060.001.03\"><AcctRptgReq/></Document>")
                .getReason()).isEqualTo("Unsupported message type: urn:iso:std:iso:20022:tech:xsd:camt.060.001.03");
        assertThat(reject("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.99\"><BkToCstmrStmt/></Document>")
                .getReason()).startsWith("Unsupported message type: urn:iso:std:iso:20022:tech:xsd:camt.053.001.99");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void neitherXmlNorMt940IsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        assertThat(reject("Date;Amount;Text\n2024-01-01;12.00;hello\n").getReason())
                .isEqualTo("Not a recognised bank statement: neither ISO 20022 XML nor MT940");
        assertThat(reject("<html><body>hi</body></html>").getReason())
                .startsWith("Not a recognised bank statement");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void entityReferenceWithoutDtdIsRejected(ParserMode mode) {
        parser = new StatementParser(mode);
        InvalidStatementException e = reject("<Document xmlns=\"" + NS053 + "\"><BkToCstmrStmt><GrpHdr><MsgId>&xxe;"
                + "</MsgId></GrpHdr></BkToCstmrStmt></Document>");
        assertThat(e.getReason()).startsWith("Entity references are not allowed (found &xxe;");
    }

    @ParameterizedTest
    @EnumSource(ParserMode.class)
    void entityReferenceInsideAnEntryIsRejected(ParserMode mode) throws IOException {
        parser = new StatementParser(mode);
        String valid = new String(sample("camt053/genkgo-v2-multi-statement.xml"), StandardCharsets.UTF_8);
        String withEntity = valid.replaceFirst("<Ustrd>", "<Ustrd>&xxe;");
        assertThat(reject(withEntity.getBytes(StandardCharsets.UTF_8), new CollectingSink()).getReason())
                .startsWith("Entity references are not allowed (found &xxe;");
    }
}
