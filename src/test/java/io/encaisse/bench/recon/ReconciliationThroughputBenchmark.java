package io.encaisse.bench.recon;

import io.encaisse.reconciliation.internal.domain.RfReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Reconciliation throughput: how many bank credits per second the real engine decides against N open invoices, for
 * several N, so the curve shows whether the cost per credit grows with the number of open invoices.
 *
 * <p><b>Set-up shortcut (not measured):</b> customers, their IBANs and the open invoices are written with PostgreSQL
 * {@code COPY} straight into {@code customer}, {@code customer_iban} and {@code invoice}, with the columns the invoices
 * module writes for a new open invoice (status OPEN, open = ERP open = amount, version 0; {@code number_key} and
 * {@code number_digits} computed by {@code InvoiceNumberKeys} as the invoices module does), then {@code ANALYZE}d. Loading 1,000,000 invoices through
 * {@code Receivables.upsertInvoices} would take far longer than the measurement and is not what is measured. No
 * {@code InvoiceUpserted} events are published for them (nothing waits for them: no credit is registered yet).
 *
 * <p><b>Measured:</b> the real path: {@code BankStatements.importFile} of a camt.053 statement of E credits (parse,
 * store, the {@code BankStatementImported} event), then the reconciliation listener registering and deciding every
 * credit with the configured rules (index look-ups by normalised number, by digits, by payer IBAN; payer name), applying
 * them to invoices and writing allocations and events. Timed from the call to {@code importFile} (and separately from its
 * return) until every credit has a decision.
 *
 * <p>The credits reference random open invoices spread over the whole table, in a fixed mix: 40 % exact invoice number,
 * 15 % noisy number, 5 % number split across two lines, 10 % RF in Strd, 5 % QR reference, 5 % partial payment, 5 %
 * two invoices in one credit, 5 % no reference from the customer's IBAN (suggested), 10 % no reference from an unknown
 * person (unmatched: the payer-name rule searches the customers by name).
 *
 * <p>Arguments ({@code -Dbench.args="open=10000,100000 entries=10000"}): {@code open} the N values (ascending; open
 * invoices are topped up to each N in one database), {@code entries} credits per N, {@code headline} credits of one
 * more run at the last N (0 for none), {@code perCustomer} open invoices per customer (10), {@code seed},
 * {@code warmup} credits decided at the first N before measuring, left out of the table (2000; 0 for none),
 * {@code timeoutMinutes} per run, {@code withoutReference=false} to leave out the credits without a reference (the
 * payer rules), which isolates the cost of the reference rules.
 */
public final class ReconciliationThroughputBenchmark {

    static final String ACCOUNT = "DE89370400440532013000";
    static final LocalDate ISSUE = LocalDate.of(2026, 10, 1);

    private final BenchHub hub;
    private final Random rnd;
    private final int perCustomer;
    private final BitSet used = new BitSet();
    private int loadedInvoices;
    private int loadedCustomers;
    private final boolean withoutReference;
    private int statementNo;

    ReconciliationThroughputBenchmark(BenchHub hub, long seed, int perCustomer, boolean withoutReference) {
        this.hub = hub;
        this.rnd = new Random(seed);
        this.perCustomer = perCustomer;
        this.withoutReference = withoutReference;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ReconciliationQualityBenchmark.options(args);
        List<Integer> opens = new ArrayList<>();
        for (String s : o.getOrDefault("open", "10000,100000").split(",")) {
            opens.add(Integer.parseInt(s.trim()));
        }
        int entries = Integer.parseInt(o.getOrDefault("entries", "10000"));
        int headline = Integer.parseInt(o.getOrDefault("headline", "0"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "2000"));
        int perCustomer = Integer.parseInt(o.getOrDefault("perCustomer", "10"));
        long seed = Long.parseLong(o.getOrDefault("seed", "7"));
        Duration timeout = Duration.ofMinutes(Long.parseLong(o.getOrDefault("timeoutMinutes", "20")));
        boolean withoutReference = Boolean.parseBoolean(o.getOrDefault("withoutReference", "true"));
        System.out.println("mix: " + (withoutReference ? "with" : "WITHOUT") + " the 15 % of credits that carry no reference"
                + " (payer-iban / payer-name rules)");

        List<String> results = new ArrayList<>();
        try (BenchHub hub = BenchHub.start("recon-throughput")) {
            ReconciliationThroughputBenchmark bench = new ReconciliationThroughputBenchmark(hub, seed, perCustomer, withoutReference);
            if (warmup > 0) {
                // the JIT compiles the hot paths during the first few thousand credits: not what the curve should show
                System.out.println("warm-up (not in the table): " + bench.run(opens.get(0), warmup, timeout));
            }
            for (int n : opens) {
                results.add(bench.run(n, entries, timeout));
                printTable(results);
            }
            if (headline > 0) {
                results.add(bench.run(opens.get(opens.size() - 1), headline, timeout));
                printTable(results);
            }
        }
        System.exit(0);
    }

    static void printTable(List<String> rows) {
        System.out.println();
        System.out.println("Reconciliation throughput (2 cores; matching = from importFile's return until every credit is decided)");
        System.out.printf("%12s %9s %9s %10s %12s %14s %16s  %s%n", "open inv.", "credits", "import s", "match s", "credits/s",
                "ms/credit", "end-to-end/s", "decisions (expected -> actual)");
        rows.forEach(System.out::println);
        System.out.println();
    }

    String run(int open, int entries, Duration timeout) throws Exception {
        topUp(open);
        hub.awaitEventsIdle(Duration.ofMinutes(30));
        Map<String, Integer> expected = new LinkedHashMap<>();
        Path file = statement(entries, expected);
        Map<String, Long> before = statuses();
        Map<String, long[]> dbBefore = dbActivity();
        long decidedBefore = hub.decidedCredits();
        System.out.printf("run: %,d credits against %,d open invoices (%s)%n", entries, openInvoices(), file.getFileName());
        long t0 = System.nanoTime();
        hub.importFile(file);
        long t1 = System.nanoTime();
        hub.awaitDecided(decidedBefore + entries, timeout);
        long t2 = System.nanoTime();
        double importS = (t1 - t0) / 1e9;
        double matchS = (t2 - t1) / 1e9;
        Map<String, Long> after = statuses();
        StringBuilder dec = new StringBuilder();
        for (String s : List.of("MATCHED", "SUGGESTED", "UNMATCHED", "PARTIALLY_APPLIED")) {
            long got = after.getOrDefault(s, 0L) - before.getOrDefault(s, 0L);
            dec.append(s).append(' ').append(expected.getOrDefault(s, 0)).append("->").append(got).append("  ");
        }
        String row = String.format(Locale.ROOT, "%,12d %,9d %9.1f %10.1f %,12.0f %14.3f %,16.0f  %s", open, entries, importS, matchS,
                entries / matchS, matchS * 1000 / entries, entries / (importS + matchS), dec.toString().trim());
        System.out.println(row);
        // what the database did per credit, the listeners of the events included (not timed)
        hub.awaitEventsIdle(Duration.ofMinutes(30));
        double eventsS = (System.nanoTime() - t2) / 1e9;
        System.out.println(String.format(Locale.ROOT, "  after the decisions, the event listeners took %.1f s more; database per credit: %s",
                eventsS, perCredit(dbBefore, dbActivity(), entries)));
        Files.deleteIfExists(file);
        return row;
    }

    /** Commits and, per table, rows inserted / updated and index / sequential scans (PostgreSQL's statistics views). */
    Map<String, long[]> dbActivity() {
        sleep(1500); // the statistics collector reports every 500 ms
        Map<String, long[]> m = new LinkedHashMap<>();
        hub.jdbc().query("select xact_commit from pg_stat_database where datname = current_database()",
                rs -> {
                    m.put("commits", new long[] {rs.getLong(1), 0, 0, 0});
                });
        hub.jdbc().query("select relname, n_tup_ins, n_tup_upd, coalesce(idx_scan, 0), seq_scan from pg_stat_user_tables",
                rs -> {
                    m.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                });
        return m;
    }

    static String perCredit(Map<String, long[]> before, Map<String, long[]> after, int credits) {
        StringBuilder out = new StringBuilder();
        long[] c0 = before.getOrDefault("commits", new long[4]);
        out.append(String.format(Locale.ROOT, "%.2f commits", (after.get("commits")[0] - c0[0]) / (double) credits));
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            if (e.getKey().equals("commits")) {
                continue;
            }
            long[] b = before.getOrDefault(e.getKey(), new long[4]);
            long[] a = e.getValue();
            if (a[0] - b[0] + a[1] - b[1] + a[2] - b[2] + a[3] - b[3] == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "; %s ins %.2f upd %.2f idx %.2f seq %.2f", e.getKey(), (a[0] - b[0]) / (double) credits,
                    (a[1] - b[1]) / (double) credits, (a[2] - b[2]) / (double) credits, (a[3] - b[3]) / (double) credits));
        }
        return out.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, Long> statuses() {
        Map<String, Long> m = new LinkedHashMap<>();
        hub.jdbc().query("select status, count(*) from recon_transaction where kind = 'CREDIT' group by status",
                rs -> {
                    m.put(rs.getString(1), rs.getLong(2));
                });
        return m;
    }

    long openInvoices() {
        return hub.jdbc().queryForObject("select count(*) from invoice where status in ('OPEN', 'PARTIALLY_PAID')", Long.class);
    }

    // --- set-up (not measured): COPY

    void topUp(int open) throws Exception {
        long now = openInvoices();
        int add = (int) Math.max(0, open - now);
        if (add == 0) {
            return;
        }
        long t0 = System.nanoTime();
        int from = loadedInvoices;
        int to = from + add;
        int customersNeeded = (to + perCustomer - 1) / perCustomer;
        DataSource ds = hub.bean(DataSource.class);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            PGConnection pg = c.unwrap(PGConnection.class);
            StringBuilder cust = new StringBuilder();
            StringBuilder ibans = new StringBuilder();
            for (int k = loadedCustomers; k < customersNeeded; k++) {
                cust.append(customerId(k)).append(',').append(customerRef(k)).append(",\"").append(customerName(k)).append("\",ap@")
                        .append(customerRef(k).toLowerCase(Locale.ROOT)).append(".example,fr,EUR,,,Claire Martin,claire.martin@example.com,")
                        .append("2026-10-01T00:00:00Z,2026-10-01T00:00:00Z,0\n");
                ibans.append(customerId(k)).append(",0,").append(customerIban(k)).append('\n');
            }
            pg.getCopyAPI().copyIn("copy customer (id, customer_ref, name, billing_email, language, currency, credit_limit, "
                    + "credit_limit_currency, sales_rep_name, sales_rep_email, created_at, updated_at, version) from stdin with (format csv)",
                    new StringReader(cust.toString()));
            pg.getCopyAPI().copyIn("copy customer_iban (customer_id, position, iban) from stdin with (format csv)",
                    new StringReader(ibans.toString()));
            for (int chunk = from; chunk < to; chunk += 200_000) {
                StringBuilder inv = new StringBuilder();
                for (int i = chunk; i < Math.min(to, chunk + 200_000); i++) {
                    String amount = amount(i).toPlainString();
                    LocalDate issue = ISSUE.plusDays(i % 50);
                    inv.append(new UUID(0x1DEAL, i)).append(',').append(number(i)).append(',')
                            .append(io.encaisse.shared.InvoiceNumberKeys.key(number(i))).append(',')
                            .append(io.encaisse.shared.InvoiceNumberKeys.digits(number(i))).append(',').append(customerId(i / perCustomer))
                            .append(',').append(issue).append(',').append(issue.plusDays(30)).append(",EUR,").append(amount).append(',')
                            .append(amount).append(',').append(amount).append(",false,OPEN,,,2026-10-01T00:00:00Z,2026-10-01T00:00:00Z,0\n");
                }
                pg.getCopyAPI().copyIn("copy invoice (id, invoice_number, number_key, number_digits, customer_id, issue_date, due_date, currency, amount, open_amount, "
                        + "erp_open_amount, cancelled, status, last_payment_date, purchase_order, created_at, updated_at, version) "
                        + "from stdin with (format csv)", new StringReader(inv.toString()));
            }
            c.commit();
        }
        hub.jdbc().execute("analyze customer");
        hub.jdbc().execute("analyze customer_iban");
        hub.jdbc().execute("analyze invoice");
        loadedInvoices = to;
        loadedCustomers = Math.max(loadedCustomers, customersNeeded);
        System.out.printf("set-up (COPY, not measured): +%,d invoices, %,d customers in all, in %.1f s%n", add, loadedCustomers,
                (System.nanoTime() - t0) / 1e9);
    }

    static UUID customerId(int k) {
        return new UUID(0xC0FFEEL, k);
    }

    static String customerRef(int k) {
        return String.format(Locale.ROOT, "TC-%07d", k);
    }

    static String customerName(int k) {
        return BenchData.SURNAMES[k % BenchData.SURNAMES.length] + " " + BenchData.TRADES[(k / 40) % BenchData.TRADES.length] + " "
                + BenchData.CITIES[(k / 800) % BenchData.CITIES.length] + " " + k + " " + BenchData.FORMS[k % BenchData.FORMS.length]
                .replace("\"", "");
    }

    static String customerIban(int k) {
        return BenchData.iban("DE", 1_000_000_007L + k);
    }

    static String number(int i) {
        return String.format(Locale.ROOT, "INV-2026-%07d", i + 1);
    }

    static BigDecimal amount(int i) {
        long h = (i * 2654435761L) & 0x7fffffffL;
        return BenchData.cents(5_000 + h % 995_000);
    }

    // --- the statement (measured from its import on)

    private int unusedInvoice() {
        while (true) {
            int i = rnd.nextInt(loadedInvoices);
            if (!used.get(i)) {
                used.set(i);
                return i;
            }
        }
    }

    Path statement(int entries, Map<String, Integer> expected) {
        List<StreamingCamt053.Credit> credits = new ArrayList<>(entries);
        String prefix = "T" + (++statementNo) + "-";
        BigDecimal total = BigDecimal.ZERO;
        for (int e = 0; e < entries; e++) {
            String ref = prefix + e;
            int r = rnd.nextInt(100);
            if (!withoutReference && r >= 85) {
                r = r % 40; // only credits that carry a reference: the index path alone
            }
            int i = unusedInvoice();
            int k = i / perCustomer;
            String n = number(i);
            String name = BenchData.bankName(customerName(k), e);
            String iban = customerIban(k);
            BigDecimal amt = amount(i);
            StreamingCamt053.Credit c;
            String status = "MATCHED";
            if (r < 40) {
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of("Facture " + n + " merci"), null, null);
            } else if (r < 55) {
                String t = switch (r % 5) {
                    case 0 -> "Rechnung Nr. " + n.replace("-", "");
                    case 1 -> "facture n° " + n.toLowerCase(Locale.ROOT);
                    case 2 -> n.replace("-", "/");
                    case 3 -> "INV " + n.replace("-", " ");
                    default -> "Ref " + n.replace("-", ".") + " " + ISSUE;
                };
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of(t), null, null);
            } else if (r < 60) {
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of("Paiement facture " + n.substring(0, 9), n.substring(9)), null, null);
            } else if (r < 70) {
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of(), RfReference.forInvoice(n), "SCOR");
            } else if (r < 75) {
                String digits = n.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of(), RfReference.qrReferenceFor(digits), "QRR");
            } else if (r < 80) {
                BigDecimal part = amt.multiply(new BigDecimal("0.5")).setScale(2, java.math.RoundingMode.HALF_UP);
                amt = part;
                c = new StreamingCamt053.Credit(ref, part, name, iban, List.of("Acompte facture " + n), null, null);
            } else if (r < 85) {
                int j = -1;
                for (int x = k * perCustomer; x < Math.min(loadedInvoices, (k + 1) * perCustomer); x++) {
                    if (!used.get(x)) {
                        j = x;
                        break;
                    }
                }
                if (j < 0) {
                    c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of("Facture " + n), null, null);
                } else {
                    used.set(j);
                    amt = amt.add(amount(j));
                    c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of("Factures " + n + " et " + number(j)), null, null);
                }
            } else if (r < 90) {
                status = "SUGGESTED";
                c = new StreamingCamt053.Credit(ref, amt, name, iban, List.of("Virement"), null, null);
            } else {
                used.clear(i); // not paid: stays open
                status = "UNMATCHED";
                String person = BenchData.PERSONS_FIRST[r % BenchData.PERSONS_FIRST.length] + " "
                        + BenchData.PERSONS_LAST[e % BenchData.PERSONS_LAST.length];
                amt = BenchData.cents(1_000 + rnd.nextInt(90_000) * 10 + 3);
                c = new StreamingCamt053.Credit(ref, amt, person, BenchData.iban("FR", 9_000_000_000L + statementNo * 1_000_000L + e),
                        List.of("Remboursement"), null, null);
            }
            expected.merge(status, 1, Integer::sum);
            total = total.add(amt);
            credits.add(c);
        }
        Path file = hub.dataDir.resolve("throughput-" + statementNo + ".xml");
        try (OutputStream out = Files.newOutputStream(file);
                StreamingCamt053 camt = new StreamingCamt053(out, "RECON-TP-" + statementNo + "-" + UUID.randomUUID().toString().substring(0, 8),
                        ACCOUNT, "EUR", LocalDate.of(2026, 11, 20).plusDays(statementNo), new BigDecimal("10000.00"), total)) {
            credits.forEach(camt::credit);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return file;
    }
}
