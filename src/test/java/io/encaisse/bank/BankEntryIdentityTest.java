package io.encaisse.bank;

import static io.encaisse.bank.CamtBuilder.Kind.NOTIFICATION;
import static io.encaisse.bank.CamtBuilder.Kind.REPORT;
import static io.encaisse.bank.CamtBuilder.Kind.STATEMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.encaisse.bank.CamtBuilder.Line;
import io.encaisse.bank.CamtBuilder.Tx;
import io.encaisse.reconciliation.Reconciliation;
import io.encaisse.reconciliation.TransactionView;
import io.encaisse.support.HubTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** One transaction across camt.052, camt.053, camt.054 and re-deliveries; balance continuity; whole-or-nothing. */
@RecordApplicationEvents
class BankEntryIdentityTest extends HubTestBase {

    @Autowired
    BankStatements bank;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEvents events;

    @Autowired
    Reconciliation reconciliation;

    /** An account of its own per test: the context (and database) is shared with the other integration tests. */
    private static String newIban() {
        StringBuilder s = new StringBuilder("DE89");
        for (int i = 0; i < 18; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    private ImportOutcome importBytes(String name, byte[] content) {
        return bank.importFile(name, "test", new ByteArrayInputStream(content));
    }

    private StatementView onlyStatement(ImportOutcome outcome) {
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(ImportStatus.IMPORTED);
        List<StatementView> statements = bank.importById(outcome.importId()).orElseThrow().statements();
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    private List<BankEntryView> streamed(StatementView statement) {
        List<BankEntryView> out = new ArrayList<>();
        bank.entriesOf(statement.id(), out::add);
        return out;
    }

    private int transactions(String iban) {
        return jdbc.queryForObject("select count(*) from bank_entry where account_key = ?", Integer.class, iban);
    }

    @Test
    void anIntradayReportThenTheStatementOfTheSameBookingsAreOneTransactionEach() {
        String iban = newIban();
        Tx acme = new Tx("E2E-ACME-1", "120.00", "ACME SAS", "INV-1");
        byte[] report = CamtBuilder.of(REPORT, iban, "RPT-1")
                .line(Line.credit("REF-A", "120.00", "PDNG", "2026-11-20", acme))
                .line(Line.credit("REF-B", "80.00", "BOOK", "2026-11-20"))
                // no bank reference: identified by booking date, amount and direction
                .line(Line.credit(null, "15.50", "BOOK", "2026-11-20"))
                .bytes();
        StatementView intraday = onlyStatement(importBytes("report.xml", report));
        assertThat(intraday.newEntries()).isEqualTo(3);
        assertThat(intraday.continuity()).isEqualTo("NOT_APPLICABLE");
        assertThat(streamed(intraday)).extracting(BankEntryView::status).containsExactly("PDNG", "BOOK", "BOOK");

        byte[] statement = CamtBuilder.of(STATEMENT, iban, "STMT-1").balances("1000.00", "1305.50")
                .line(Line.credit("REF-A", "120.00", "BOOK", "2026-11-20", acme))
                .line(Line.credit("REF-B", "80.00", "BOOK", "2026-11-20"))
                .line(Line.credit(null, "15.50", "BOOK", "2026-11-20"))
                .line(Line.credit("REF-C", "90.00", "BOOK", "2026-11-20"))
                .bytes();
        StatementView endOfDay = onlyStatement(importBytes("statement.xml", statement));
        assertThat(endOfDay.entries()).isEqualTo(4);
        assertThat(endOfDay.balanceCheck()).isEqualTo("OK");
        // REF-A was pending: booked now, so new money; REF-B and the unreferenced line were booked already
        List<BankEntryView> newMoney = streamed(endOfDay);
        assertThat(newMoney).extracting(BankEntryView::accountServicerRef).containsExactly("REF-A", "REF-C");
        assertThat(newMoney).extracting(BankEntryView::status).containsOnly("BOOK");
        assertThat(endOfDay.newEntries()).isEqualTo(2);
        assertThat(transactions(iban)).isEqualTo(4);

        // the pending line became the booked transaction, still one id, now read through the statement that booked it
        BankEntryView refA = newMoney.get(0);
        BankEntryView same = bank.entry(refA.id()).orElseThrow();
        assertThat(same.status()).isEqualTo("BOOK");
        assertThat(same.statementId()).isEqualTo(endOfDay.id());
        assertThat(same.timesReported()).isEqualTo(2);
        assertThat(jdbc.queryForList("select outcome from bank_entry_line where statement_id = ? order by entry_index",
                String.class, endOfDay.id().value())).containsExactly("BOOKED", "SEEN_AGAIN", "SEEN_AGAIN", "NEW");

        assertThat(events.stream(BankStatementImported.class).filter(e -> e.account().equals(iban)))
                .extracting(BankStatementImported::entries, BankStatementImported::newEntries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 3), org.assertj.core.groups.Tuple.tuple(4, 2));

        // downstream, reconciliation registers four credits (305.50), not six: it never saw the same money twice
        List<java.util.UUID> ids = jdbc.queryForList("select id from bank_entry where account_key = ?", java.util.UUID.class, iban);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<TransactionView> registered = reconciliation.transactions(null, 1000, null).stream()
                    .filter(t -> ids.contains(t.bankEntryId().value())).toList();
            assertThat(registered).hasSize(4);
            assertThat(registered.stream().map(t -> t.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo("305.50");
        });
    }

    @Test
    void aStatementDeliveredAgainWithOtherBytesBooksNothingNew() {
        String iban = newIban();
        CamtBuilder first = CamtBuilder.of(STATEMENT, iban, "STMT-7").sequence(7).balances("0", "150.00")
                .line(Line.credit("R-1", "100.00", "BOOK", "2026-11-20", new Tx("E-1", "100.00", "ACME", "INV-9")))
                .line(Line.credit(null, "50.00", "BOOK", "2026-11-20"));
        StatementView original = onlyStatement(importBytes("stmt-7.xml", first.bytes()));
        assertThat(original.newEntries()).isEqualTo(2);

        // the same statement re-indented: other file hash, same statement id -> recorded DUPLICATE, nothing booked
        byte[] reindented = CamtBuilder.of(STATEMENT, iban, "STMT-7").sequence(7).balances("0", "150.00").reindented()
                .line(Line.credit("R-1", "100.00", "BOOK", "2026-11-20", new Tx("E-1", "100.00", "ACME", "INV-9")))
                .line(Line.credit(null, "50.00", "BOOK", "2026-11-20"))
                .bytes();
        ImportOutcome again = importBytes("stmt-7-again.xml", reindented);
        assertThat(again.status()).isEqualTo(ImportStatus.DUPLICATE);

        // a corrected statement under a new id repeating the same bookings: imported, linked, no new money
        byte[] corrected = CamtBuilder.of(STATEMENT, iban, "STMT-7-CORR").sequence(8).balances("0", "150.00").reindented()
                .line(Line.credit("R-1", "100.00", "BOOK", "2026-11-20", new Tx("E-1", "100.00", "ACME", "INV-9")))
                .line(Line.credit(null, "50.00", "BOOK", "2026-11-20"))
                .bytes();
        StatementView correction = onlyStatement(importBytes("stmt-7-corrected.xml", corrected));
        assertThat(correction.entries()).isEqualTo(2);
        assertThat(correction.newEntries()).isZero();
        assertThat(streamed(correction)).isEmpty();
        assertThat(transactions(iban)).isEqualTo(2);
        assertThat(jdbc.queryForList("select times_reported from bank_entry where account_key = ?", Integer.class, iban))
                .containsOnly(2);
    }

    @Test
    void aNotificationDetailingABookedBatchAttachesItsDetailsWithoutNewMoney() {
        String iban = newIban();
        byte[] statement = CamtBuilder.of(STATEMENT, iban, "STMT-B").balances("0", "300.00")
                .line(Line.credit("BATCH-1", "300.00", "BOOK", "2026-11-20"))
                .bytes();
        StatementView booked = onlyStatement(importBytes("batch-053.xml", statement));
        BankEntryView batch = streamed(booked).get(0);
        assertThat(batch.details()).isEmpty();

        byte[] notification = CamtBuilder.of(NOTIFICATION, iban, "NTF-B")
                .line(Line.credit("BATCH-1", "300.00", "BOOK", "2026-11-20",
                        new Tx("E-1", "100.00", "ACME", "INV-1"), new Tx("E-2", "150.00", "Globex", "INV-2"),
                        new Tx("E-3", "50.00", "Initech", "INV-3")))
                .bytes();
        StatementView detailed = onlyStatement(importBytes("batch-054.xml", notification));
        assertThat(detailed.newEntries()).isZero();
        assertThat(streamed(detailed)).isEmpty();
        assertThat(transactions(iban)).isEqualTo(1);

        BankEntryView withDetails = bank.entry(batch.id()).orElseThrow();
        assertThat(withDetails.amount().amount()).isEqualByComparingTo("300.00");
        assertThat(withDetails.details()).extracting(TransactionDetail::endToEndId).containsExactly("E-1", "E-2", "E-3");
        assertThat(withDetails.details()).extracting(TransactionDetail::debtorName).containsExactly("ACME", "Globex", "Initech");
        assertThat(jdbc.queryForObject("select outcome from bank_entry_line where statement_id = ?", String.class,
                detailed.id().value())).isEqualTo("DETAILED");
    }

    @Test
    void aBreakInContinuityIsRecordedAndAnnouncedAndTheStatementStillImports() {
        String iban = newIban();
        StatementView day1 = onlyStatement(importBytes("d1.xml", CamtBuilder.of(STATEMENT, iban, "D1").date("2026-11-18")
                .sequence(1).balances("1000.00", "1100.00").line(Line.credit("D1-1", "100.00", "BOOK", "2026-11-18")).bytes()));
        assertThat(day1.continuity()).isEqualTo("UNKNOWN"); // nothing before it
        StatementView day2 = onlyStatement(importBytes("d2.xml", CamtBuilder.of(STATEMENT, iban, "D2").date("2026-11-19")
                .sequence(2).balances("1100.00", "1060.00").line(Line.debit("D2-1", "40.00", "2026-11-19")).bytes()));
        assertThat(day2.continuity()).isEqualTo("OK");
        assertThat(day2.previousStatementId()).isEqualTo(day1.id());
        assertThat(day2.balanceNote()).isNull();

        // a statement went missing: day 4 opens with 1200.00 where day 2 closed with 1060.00
        StatementView day4 = onlyStatement(importBytes("d4.xml", CamtBuilder.of(STATEMENT, iban, "D4").date("2026-11-21")
                .sequence(4).balances("1200.00", "1250.00").line(Line.credit("D4-1", "50.00", "BOOK", "2026-11-21")).bytes()));
        assertThat(day4.balanceCheck()).isEqualTo("OK");
        assertThat(day4.continuity()).isEqualTo("BREAK");
        assertThat(day4.previousStatementId()).isEqualTo(day2.id());
        assertThat(day4.balanceNote()).contains("1200", "1060", "D2");
        assertThat(day4.newEntries()).isEqualTo(1);

        // closing does not add up within the statement: the other kind of break
        StatementView day5 = onlyStatement(importBytes("d5.xml", CamtBuilder.of(STATEMENT, iban, "D5").date("2026-11-22")
                .sequence(5).balances("1250.00", "1999.00").line(Line.credit("D5-1", "10.00", "BOOK", "2026-11-22")).bytes()));
        assertThat(day5.balanceCheck()).isEqualTo("BREAK");
        assertThat(day5.continuity()).isEqualTo("OK");

        List<BankBalanceBreakDetected> breaks = events.stream(BankBalanceBreakDetected.class)
                .filter(e -> e.account().equals(iban)).toList();
        assertThat(breaks).hasSize(2);
        assertThat(breaks.get(0).kind()).isEqualTo(BankBalanceBreakDetected.Kind.CONTINUITY);
        assertThat(breaks.get(0).statementId()).isEqualTo(day4.id());
        assertThat(breaks.get(0).expected()).isEqualByComparingTo("1060.00");
        assertThat(breaks.get(0).actual()).isEqualByComparingTo("1200.00");
        assertThat(breaks.get(0).currency()).isEqualTo("EUR");
        assertThat(breaks.get(1).kind()).isEqualTo(BankBalanceBreakDetected.Kind.STATEMENT);
        assertThat(breaks.get(1).statementId()).isEqualTo(day5.id());
        assertThat(breaks.get(1).expected()).isEqualByComparingTo("1260.00");
        assertThat(breaks.get(1).actual()).isEqualByComparingTo("1999.00");
    }

    @Test
    void aFileRejectedMidwayLeavesNoStatementOrEntryBehind() {
        String iban = newIban();
        byte[] broken = CamtBuilder.of(STATEMENT, iban, "STMT-BROKEN").balances("0", "60.00")
                .line(Line.credit("G-1", "10.00", "BOOK", "2026-11-20"))
                .line(Line.credit("G-2", "20.00", "BOOK", "2026-11-20"))
                .line(Line.credit("G-3", "30.00", "BOOK", "2026-11-20"))
                .thenRaw("      <Ntry><Amt Ccy=\"EUR\">40.00</Amt><CdtDbtInd>CRDT</Cdt")
                .bytes();
        ImportOutcome outcome = importBytes("broken-midway.xml", broken);
        assertThat(outcome.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(outcome.reason()).isNotBlank();
        assertThat(bank.importById(outcome.importId()).orElseThrow().status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(jdbc.queryForObject("select count(*) from bank_statement where import_id = ? or account_key = ?",
                Integer.class, outcome.importId(), iban)).isZero();
        assertThat(transactions(iban)).isZero();
        assertThat(events.stream(BankStatementImported.class).filter(e -> e.account().equals(iban))).isEmpty();

        // the whole file delivered afterwards imports all of it
        byte[] whole = CamtBuilder.of(STATEMENT, iban, "STMT-BROKEN").balances("0", "60.00")
                .line(Line.credit("G-1", "10.00", "BOOK", "2026-11-20"))
                .line(Line.credit("G-2", "20.00", "BOOK", "2026-11-20"))
                .line(Line.credit("G-3", "30.00", "BOOK", "2026-11-20"))
                .bytes();
        assertThat(onlyStatement(importBytes("whole.xml", whole)).newEntries()).isEqualTo(3);
    }

    private static byte[] sample(String path) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/bank-samples", path));
    }

    private BankEntryView firstEntry(String samplePath) throws Exception {
        StatementView s = onlyStatement(importBytes(Path.of(samplePath).getFileName().toString(), sample(samplePath)));
        List<BankEntryView> entries = streamed(s);
        assertThat(entries).isNotEmpty();
        return bank.entry(entries.get(0).id()).orElseThrow();
    }

    @Test
    void chargesAndCurrencyExchangeOfRealFilesAreStored() throws Exception {
        // camt.052.001.04 (genkgo): TxDtls with AmtDtls USD->CHF at 0.9253030601 and one charge record of 0.31 CHF
        BankEntryView pending = firstEntry("camt052/genkgo-v4-pending-charges.xml");
        assertThat(pending.bankTxProprietary()).isEqualTo("Z04");
        TransactionDetail tx = pending.details().get(0);
        assertThat(tx.bankTxProprietary()).isEqualTo("Z04");
        assertThat(tx.amountDetails().instructed().amount()).isEqualByComparingTo("4.1");
        assertThat(tx.amountDetails().instructed().currency()).isEqualTo("USD");
        assertThat(tx.amountDetails().transaction().amount()).isEqualByComparingTo("3.79");
        assertThat(tx.amountDetails().counterValue().sourceCurrency()).isEqualTo("USD");
        assertThat(tx.amountDetails().counterValue().targetCurrency()).isEqualTo("CHF");
        assertThat(tx.amountDetails().counterValue().rate()).isEqualByComparingTo("0.9253030601");
        assertThat(tx.charges().totalAmount()).isEqualByComparingTo("0.31");
        assertThat(tx.charges().totalCurrency()).isEqualTo("CHF");
        assertThat(tx.charges().records()).singleElement().satisfies(r -> {
            assertThat(r.amount()).isEqualByComparingTo("0.31");
            assertThat(r.credit()).isFalse();
            assertThat(r.included()).isFalse();
            assertThat(r.type()).isEqualTo("31");
        });
        assertThat(tx.debtorName()).isEqualTo("Example Creditor 4 - V1");
        assertThat(tx.debtorIban()).isEqualTo("CH2401234004141414141");
        assertThat(tx.creditorName()).isEqualTo("UNIFITS GmbH");
        assertThat(tx.creditorIban()).isEqualTo("CH2801234000123456789");

        // camt.053.001.08 (viafintech, UBS): the EUR entry carries entry-level AmtDtls with CcyXchg CHF, rate 0.9433
        StatementView ubs = onlyStatement(importBytes("ubs-fx.xml", sample("camt053/viafintech-v8-ubs-qrr-scor-fx.xml")));
        List<BankEntryView> ubsEntries = new ArrayList<>();
        bank.entriesOf(ubs.id(), ubsEntries::add);
        BankEntryView fx = ubsEntries.stream().filter(e -> "0124571DN6195349".equals(e.accountServicerRef())).findFirst()
                .orElseThrow();
        assertThat(fx.amountDetails()).isNotNull();
        assertThat(fx.amountDetails().instructed().amount()).isEqualByComparingTo("19.69");
        assertThat(fx.amountDetails().instructed().currency()).isEqualTo("CHF");
        assertThat(fx.amountDetails().transaction().amount()).isEqualByComparingTo("20.97");
        assertThat(fx.amountDetails().transaction().sourceCurrency()).isEqualTo("CHF");
        assertThat(fx.amountDetails().transaction().rate()).isEqualByComparingTo("0.9433");
        assertThat(fx.details().get(0).amountDetails()).isNotNull();
        // the same debit: creditor name and IBAN, as such and as the counterparty
        assertThat(fx.details().get(0).creditorName()).isEqualTo("DHL Express (Schweiz) AG");
        assertThat(fx.details().get(0).creditorIban()).isEqualTo("CH2222222222222222222");
        assertThat(fx.details().get(0).counterpartyName()).isEqualTo("DHL Express (Schweiz) AG");

        // camt.053.001.10 (viafintech, Wise): entry charges with a total only
        StatementView wise = onlyStatement(importBytes("wise.xml", sample("camt053/viafintech-v10-datetime-charges.xml")));
        List<BankEntryView> wiseEntries = new ArrayList<>();
        bank.entriesOf(wise.id(), wiseEntries::add);
        assertThat(wiseEntries).anySatisfy(e -> {
            assertThat(e.charges()).isNotNull();
            assertThat(e.charges().totalAmount()).isEqualByComparingTo("4.14");
            assertThat(e.charges().totalCurrency()).isEqualTo("USD");
        });

        // camt.053.001.02 (viafintech, VR-Bank): ultimate debtor and creditor of the second entry
        StatementView vr = onlyStatement(importBytes("vr-batch.xml", sample("camt053/viafintech-v2-de-batch.xml")));
        List<BankEntryView> vrEntries = new ArrayList<>();
        bank.entriesOf(vr.id(), vrEntries::add);
        TransactionDetail withUltimates = vrEntries.stream().filter(e -> "2013122710583600000".equals(e.accountServicerRef()))
                .findFirst().orElseThrow().details().get(0);
        assertThat(withUltimates.ultimateDebtorName()).isEqualTo("keine Information vorhanden");
        assertThat(withUltimates.ultimateCreditorName()).isEqualTo("keine Information vorhanden");

        // camt.054.001.04 (PostFinance ESR): entry and transaction charges of 4.40 CHF
        BankEntryView esr = firstEntry("camt054/postfinance-v4-esr-charges.xml");
        assertThat(esr.charges().totalAmount()).isEqualByComparingTo("4.40");
        assertThat(esr.charges().records()).singleElement().satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("4.40"));
        assertThat(esr.details().get(0).charges().totalAmount()).isEqualByComparingTo("4.40");
        // a debit: the creditor is the counterparty (its Cdtr/Pty/Nm violates the .04 schema and is not bound, DECISIONS.md)
        assertThat(esr.details().get(0).creditorIban()).isEqualTo("CH5109000000250092291");
    }
}
