package io.encaisse.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementParser;
import io.encaisse.bank.internal.parser.StatementSink;
import io.encaisse.support.HubTestBase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The import streams lines into PostgreSQL with COPY (text format) and merges them set-based: values that COPY must
 * escape arrive unchanged, and an import stays whole or nothing, whichever statement of the file fails and whether the
 * parser or the database finds the fault.
 */
@RecordApplicationEvents
class BankCopyStoreTest extends HubTestBase {

    /** Backslash sequences COPY would read as escapes, tab, newline, CR, quotes, non-ASCII (2, 3 and 4 UTF-8 bytes). */
    private static final String AWKWARD_XML = "Q\"uote' \\N \\t back\\slash\\ tab&#9;end line&#10;feed cr&#13;x "
            + "&amp; &lt;tag&gt; é ü ß € 中文 😀 \\.";
    private static final String AWKWARD = "Q\"uote' \\N \\t back\\slash\\ tab\tend line\nfeed cr\rx & <tag> é ü ß € 中文 😀 \\.";

    @Autowired
    BankStatements bank;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEvents events;

    private static String newIban() {
        StringBuilder s = new StringBuilder("FR76");
        for (int i = 0; i < 23; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    private static String entry(String amount, String ccy, String ref, String info, String ustrd, String debtor) {
        return "<Ntry><Amt Ccy=\"" + ccy + "\">" + amount + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>"
                + (ref == null ? "" : "<AcctSvcrRef>" + ref + "</AcctSvcrRef>")
                + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                + (info == null ? "" : "<AddtlNtryInf>" + info + "</AddtlNtryInf>")
                + (ustrd == null ? "" : "<NtryDtls><TxDtls><Refs><EndToEndId>E2E " + ref + "</EndToEndId></Refs>"
                        + "<AmtDtls><TxAmt><Amt Ccy=\"" + ccy + "\">" + amount + "</Amt></TxAmt></AmtDtls>"
                        + "<RltdPties><Dbtr><Nm>" + debtor + "</Nm></Dbtr></RltdPties>"
                        + "<RmtInf><Ustrd>" + ustrd + "</Ustrd></RmtInf></TxDtls></NtryDtls>")
                + "</Ntry>";
    }

    private static String statement(String iban, String id, String opening, String closing, String... entries) {
        return statementOn(iban, id, "2026-11-20", opening, closing, entries);
    }

    /** A statement without FrToDt whose closing balance is of {@code day}. */
    private static String statementOn(String iban, String id, String day, String opening, String closing, String... entries) {
        return "<Stmt><Id>" + id + "</Id><CreDtTm>2026-11-20T18:00:00+01:00</CreDtTm>"
                + "<Acct><Id><IBAN>" + iban + "</IBAN></Id><Ccy>EUR</Ccy></Acct>"
                + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + opening
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-19</Dt></Dt></Bal>"
                + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + closing
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>" + day + "</Dt></Dt></Bal>"
                + String.join("", entries) + "</Stmt>";
    }

    private static byte[] file(String msgId, String... statements) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
                + "<BkToCstmrStmt><GrpHdr><MsgId>" + msgId + "</MsgId><CreDtTm>2026-11-20T18:00:00+01:00</CreDtTm></GrpHdr>"
                + String.join("", statements) + "</BkToCstmrStmt></Document>").getBytes(StandardCharsets.UTF_8);
    }

    private ImportOutcome importBytes(String name, byte[] content) {
        return bank.importFile(name, "test", new ByteArrayInputStream(content));
    }

    private int rowsOf(String iban) {
        return jdbc.queryForObject("select (select count(*) from bank_entry where account_key = ?)"
                + " + (select count(*) from bank_statement where account_key = ?)", Integer.class, iban, iban);
    }

    private static List<ParsedEntry> parse(byte[] content) throws Exception {
        List<ParsedEntry> out = new ArrayList<>();
        new StatementParser().parse(new ByteArrayInputStream(content), new StatementSink() {
            @Override
            public void startStatement(StatementHeader header) {
            }

            @Override
            public void entry(ParsedEntry entry) {
                out.add(entry);
            }

            @Override
            public void endStatement() {
            }
        });
        return out;
    }

    @Test
    void valuesThatCopyMustEscapeArriveUnchangedAndAbsentOnesStayAbsent() throws Exception {
        String iban = newIban();
        byte[] content = file("MSG-AWK-" + iban, statement(iban, "STMT-AWK", "0", "30.00",
                entry("10.00", "EUR", "REF\\" + AWKWARD_XML, AWKWARD_XML, AWKWARD_XML, "Debtor " + AWKWARD_XML),
                // nothing optional: no reference, no information, no details
                entry("20.00", "EUR", null, null, null, null)));
        List<ParsedEntry> parsed = parse(content);
        assertThat(parsed.get(0).additionalInfo()).isEqualTo(AWKWARD);
        assertThat(parsed.get(0).details().get(0).unstructured()).containsExactly(AWKWARD.strip());

        ImportOutcome outcome = importBytes("awkward.xml", content);
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(ImportStatus.IMPORTED);
        StatementView statement = bank.importById(outcome.importId()).orElseThrow().statements().get(0);
        assertThat(statement.balanceCheck()).isEqualTo("OK");
        List<BankEntryView> stored = new ArrayList<>();
        bank.entriesOf(statement.id(), stored::add);
        assertThat(stored).hasSize(2);

        BankEntryView awkward = stored.get(0);
        ParsedEntry p = parsed.get(0);
        assertThat(awkward.accountServicerRef()).isEqualTo(p.accountServicerRef()).startsWith("REF\\Q\"uote'");
        assertThat(awkward.additionalInfo()).isEqualTo(AWKWARD);
        assertThat(awkward.details()).hasSize(1);
        TransactionDetail d = awkward.details().get(0);
        assertThat(d.unstructured()).containsExactly(AWKWARD.strip());
        assertThat(d.counterpartyName()).isEqualTo(p.details().get(0).counterpartyName()).contains("😀", "\t", "\n");
        assertThat(d.endToEndId()).isEqualTo(p.details().get(0).endToEndId());
        // the key numbered in SQL is the key the domain gives
        assertThat(awkward.identityKey()).isEqualTo(new EntryIdentity().next(new EntryIdentity.Facts(p.accountServicerRef(),
                true, false, p.amount(), p.currency(), p.bookingDate(), p.valueDate())).value());

        BankEntryView plain = stored.get(1);
        assertThat(plain.accountServicerRef()).isNull();
        assertThat(plain.additionalInfo()).isNull();
        assertThat(plain.details()).isEmpty();
        assertThat(plain.charges()).isNull();
        assertThat(plain.amountDetails()).isNull();
        assertThat(plain.identityKey()).isEqualTo("B:2026-11-20|C|20|EUR#1");
        Map<String, Object> row = jdbc.queryForMap("select entry_ref, charges, amount_details, details::text as details"
                + " from bank_entry where id = ?", plain.id().value());
        assertThat(row.get("entry_ref")).isNull();
        assertThat(row.get("charges")).isNull();
        assertThat(row.get("amount_details")).isNull();
        assertThat(row.get("details")).isEqualTo("[]");
    }

    @Test
    void theSameLineTwiceInAStatementIsTwoBookingsNumberedInOrder() {
        String iban = newIban();
        ImportOutcome outcome = importBytes("twice.xml", file("MSG-TWICE-" + iban, statement(iban, "STMT-TWICE", "0", "45.00",
                entry("15.00", "EUR", null, "first", null, null), entry("15.00", "EUR", null, "second", null, null),
                entry("15.00", "EUR", null, "third", null, null))));
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(ImportStatus.IMPORTED);
        assertThat(jdbc.queryForList("select identity_key || ' ' || additional_info from bank_entry where account_key = ?"
                + " order by entry_index", String.class, iban))
                .containsExactly("B:2026-11-20|C|15|EUR#1 first", "B:2026-11-20|C|15|EUR#2 second",
                        "B:2026-11-20|C|15|EUR#3 third");
    }

    @Test
    void aTwoStatementFileWhoseSecondStatementTheParserRejectsLeavesNothing() {
        String first = newIban();
        String second = newIban();
        byte[] content = file("MSG-2P-" + first, statement(first, "STMT-2P-1", "0", "10.00", entry("10.00", "EUR", "P-1", null, null, null)),
                statement(second, "STMT-2P-2", "0", "30.00", entry("10.00", "EUR", "P-2", null, null, null),
                        entry("-20.00", "EUR", "P-3", null, null, null)));
        ImportOutcome outcome = importBytes("second-rejected.xml", content);
        assertThat(outcome.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(outcome.reason()).contains("Entry 2 of statement 2 has a negative Amt");
        assertThat(rowsOf(first) + rowsOf(second)).isZero();
        assertThat(events.stream(BankStatementImported.class)
                .filter(e -> e.account().equals(first) || e.account().equals(second))).isEmpty();
    }

    @Test
    void aTwoStatementFileWhoseSecondStatementTheDatabaseRefusesLeavesNothingAndTheNextImportWorks() {
        String first = newIban();
        String second = newIban();
        // a currency code longer than the column: the parser lets it through, COPY fails on it
        byte[] content = file("MSG-2D-" + first, statement(first, "STMT-2D-1", "0", "10.00", entry("10.00", "EUR", "D-1", null, null, null)),
                statement(second, "STMT-2D-2", "0", "30.00", entry("10.00", "EUR", "D-2", null, null, null),
                        entry("20.00", "EURO", "D-3", "too long", null, null)));
        Throwable failure = catchThrowable(() -> importBytes("second-refused.xml", content));
        assertThat(failure).isInstanceOf(DataAccessException.class);
        assertThat(rowsOf(first) + rowsOf(second)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from bank_import where file_name = 'second-refused.xml'"
                + " and status = 'IMPORTED'", Integer.class)).isZero();

        // the connection is not left in COPY mode, and the temporary tables went with the rolled-back transaction
        ImportOutcome next = importBytes("after-failure.xml", file("MSG-2D-OK-" + first,
                statement(first, "STMT-2D-1", "0", "10.00", entry("10.00", "EUR", "D-1", null, null, null))));
        assertThat(next.status()).as(next.reason()).isEqualTo(ImportStatus.IMPORTED);
        assertThat(rowsOf(first)).isEqualTo(2);
    }

    @Test
    void aKnownLineInAStatementOfAnotherDayIsLinkedNotBookedTwice() {
        String iban = newIban();
        ImportOutcome day1 = importBytes("day1.xml", file("MSG-D1-" + iban, statement(iban, "STMT-D1", "0", "30.00",
                entry("10.00", "EUR", "K-1", null, null, null), entry("20.00", "EUR", "K-2", null, null, null))));
        assertThat(day1.status()).as(day1.reason()).isEqualTo(ImportStatus.IMPORTED);
        // no day in common with the first statement: tried straight into bank_entry, where K-2 is known; redone through
        // the staging table. The two lines without reference are one base twice (numbered after the first).
        ImportOutcome day2 = importBytes("day2.xml", file("MSG-D2-" + iban, statementOn(iban, "STMT-D2", "2026-11-21", "30.00",
                "75.00", entry("20.00", "EUR", "K-2", null, "detail of K-2", "Debtor"), entry("5.00", "EUR", null, "a", null, null),
                entry("5.00", "EUR", null, "b", null, null), entry("15.00", "EUR", "K-3", null, null, null))));
        assertThat(day2.status()).as(day2.reason()).isEqualTo(ImportStatus.IMPORTED);
        assertThat(jdbc.queryForList("select identity_key || ' ' || times_reported || ' ' || json_array_length(details)"
                + " from bank_entry where account_key = ? order by identity_key", String.class, iban))
                .containsExactly("B:2026-11-20|C|5|EUR#1 1 0", "B:2026-11-20|C|5|EUR#2 1 0", "R:K-1|C|10|EUR#1 1 0",
                        "R:K-2|C|20|EUR#1 2 1", "R:K-3|C|15|EUR#1 1 0");
        StatementView second = bank.importById(day2.importId()).orElseThrow().statements().get(0);
        assertThat(jdbc.queryForList("select outcome from bank_entry_line where statement_id = ? order by entry_index",
                String.class, second.id().value())).containsExactly("DETAILED", "NEW", "NEW", "NEW");
        assertThat(jdbc.queryForObject("select new_entries from bank_statement where id = ?", Integer.class,
                second.id().value())).isEqualTo(3);
        assertThat(events.stream(BankStatementImported.class).filter(e -> e.account().equals(iban)))
                .extracting(BankStatementImported::newEntries).containsExactly(2, 3);
    }

    @Test
    void aFirstStatementWithRepeatedLinesIsNumberedAsTheDomainNumbersIt() {
        String iban = newIban();
        // straight into bank_entry: the first line of each base directly, the repeats merged after, numbered after it
        ImportOutcome outcome = importBytes("repeats.xml", file("MSG-REP-" + iban, statement(iban, "STMT-REP", "0", "66.00",
                entry("7.00", "EUR", null, "1", null, null), entry("8.00", "EUR", "X-1", "2", null, null),
                entry("7.00", "EUR", null, "3", null, null), entry("8.00", "EUR", "X-1", "4", null, null),
                entry("9.00", "EUR", null, "5", null, null), entry("7.00", "EUR", null, "6", null, null),
                entry("20.00", "EUR", null, "7", null, null))));
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(ImportStatus.IMPORTED);
        EntryIdentity domain = new EntryIdentity();
        List<String> expected = new ArrayList<>();
        String[][] lines = {{"7.00", null}, {"8.00", "X-1"}, {"7.00", null}, {"8.00", "X-1"}, {"9.00", null}, {"7.00", null},
                {"20.00", null}};
        for (int i = 0; i < lines.length; i++) {
            expected.add(domain.next(new EntryIdentity.Facts(lines[i][1], true, false, new java.math.BigDecimal(lines[i][0]),
                    "EUR", java.time.LocalDate.parse("2026-11-20"), java.time.LocalDate.parse("2026-11-20"))).value() + " "
                    + (i + 1));
        }
        assertThat(jdbc.queryForList("select identity_key || ' ' || additional_info from bank_entry where account_key = ?"
                + " order by entry_index", String.class, iban)).containsExactlyElementsOf(expected);
        assertThat(jdbc.queryForList("select l.outcome || ' ' || e.additional_info from bank_entry_line l"
                + " join bank_entry e on e.id = l.entry_id where l.statement_id = ? order by l.entry_index", String.class,
                bank.importById(outcome.importId()).orElseThrow().statements().get(0).id().value()))
                .containsExactly("NEW 1", "NEW 2", "NEW 3", "NEW 4", "NEW 5", "NEW 6", "NEW 7");
    }
}
