package io.encaisse.bench.erp;

import io.encaisse.EncaisseApplication;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.Receivables;
import io.encaisse.shared.InvoiceNumberKeys;
import io.encaisse.shared.TimeOrderedIds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #5's scale benchmark: N invoices (default 1,000,000 for 10,000 customers) through the batch API exactly as an
 * ERP sends them (POST /api/v1/invoices/batch over real HTTP, chunks of {@code chunk}, bodies written to files before the
 * timed window and streamed from them, {@code parallel} requests in flight, default 1), then, in the same run and the
 * same PostgreSQL, a plain {@code COPY} of the same rows into an equivalent table (same columns, keys, foreign keys and
 * indexes as {@code invoice}) - the practical limit. Prints invoices/s for both, the ratio, the time until every event the
 * batch published was handled, the peak heap, and the CPU the JVM and PostgreSQL used (comparable across machine loads).
 * Run with a small heap to prove memory is bounded:
 * <pre>./mvnw -q -Pbench-erp test-compile exec:exec [-Dbench.erp.args="invoices=100000 chunk=5000"]</pre>
 */
public final class ErpBatchBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String o = a.startsWith("--") ? a.substring(2) : a;
            if (o.contains("=")) {
                opts.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
            }
        }
        int invoices = Integer.parseInt(opts.getOrDefault("invoices", "1000000"));
        int customers = Integer.parseInt(opts.getOrDefault("customers", "10000"));
        int chunk = Integer.parseInt(opts.getOrDefault("chunk", "5000"));
        boolean waitEvents = Boolean.parseBoolean(opts.getOrDefault("wait-events", "true"));
        int parallel = Integer.parseInt(opts.getOrDefault("parallel", "1"));
        System.out.printf("ERP batch benchmark: %,d invoices for %,d customers, chunks of %,d, max heap %d MB, %d CPUs%n",
                invoices, customers, chunk, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        Path dir = Path.of("target", "bench", "erp-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        String key = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(EncaisseApplication.class).run("--server.port=0",
                "--encaisse.hub.data-dir=" + dir, "--encaisse.dunning.enabled=false", "--encaisse.crm.enabled=false",
                "--encaisse.erp.files.enabled=false", "--encaisse.api.bootstrap-key=" + key,
                "--logging.level.root=WARN", "--logging.level.io.encaisse=WARN", "--spring.main.banner-mode=off");
        try {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            Receivables receivables = hub.getBean(Receivables.class);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            long t0 = System.nanoTime();
            for (int c = 0; c < customers; c++) {
                receivables.upsertCustomer(new CustomerRef(customerRef(c)), new CustomerData("Customer " + c, null, "fr", "EUR",
                        List.of(), null, null));
            }
            System.out.printf("set-up: %,d customers in %.1f s%n", customers, (System.nanoTime() - t0) / 1e9);
            drainEvents(jdbc);

            // the ERP is another machine: its JSON is written before the clock starts and streamed from files, so
            // building it does not take the hub's CPU
            long b0 = System.nanoTime();
            List<Path> bodies = writeBodies(dir.resolve("bodies"), invoices, customers, chunk);
            System.out.printf("request bodies pre-built before the timed window (not timed: the ERP is another machine): "
                    + "%,d files in %s, %.1f s%n", bodies.size(), dir.resolve("bodies"), (System.nanoTime() - b0) / 1e9);
            System.out.printf("requests in flight: parallel=%d%n", parallel);

            resetPeaks();
            Path pgData = dir.resolve("postgres");
            double hubCpu0 = jvmCpuSeconds();
            double pgCpu0 = postgresCpuSeconds(pgData);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/invoices/batch");
            AtomicInteger next = new AtomicInteger();
            AtomicLong createdSum = new AtomicLong();
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(parallel);
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                running.add(clients.submit(() -> {
                    for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofFile(bodies.get(b))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("batch " + b + ": HTTP " + response.statusCode() + " " + response.body());
                        }
                        int at = response.body().indexOf("\"created\":");
                        createdSum.addAndGet(Long.parseLong(response.body().substring(at + 10, response.body().indexOf(',', at))));
                        int done = sent.incrementAndGet();
                        if (done % 20 == 0) {
                            long to = Math.min((long) done * chunk, invoices);
                            System.out.printf("  %,d invoices, %.0f/s so far%n", to, to / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            long created = createdSum.get();
            double batchSeconds = (System.nanoTime() - start) / 1e9;
            // CPU used, not wall time: on a shared machine the wall clock measures the neighbours as much as the hub
            double hubCpu = jvmCpuSeconds() - hubCpu0;
            double pgCpu = postgresCpuSeconds(pgData) - pgCpu0;
            long batchPeak = peakHeapMb();
            if (created != invoices) {
                throw new IllegalStateException("created " + created + " of " + invoices);
            }
            double drainSeconds = Double.NaN;
            if (waitEvents) {
                long d0 = System.nanoTime();
                drainEvents(jdbc);
                drainSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("events handled %.1f s after the last answer%n", (System.nanoTime() - d0) / 1e9);
            }

            double copyCpu0 = jvmCpuSeconds() + postgresCpuSeconds(pgData);
            double copySeconds = copy(hub.getBean(DataSource.class), jdbc, invoices, customers);
            double copyCpu = jvmCpuSeconds() + postgresCpuSeconds(pgData) - copyCpu0;
            double batchRate = invoices / batchSeconds;
            double copyRate = invoices / copySeconds;
            System.out.println();
            System.out.printf("| path | invoices | seconds | invoices/s |%n| --- | --- | --- | --- |%n");
            System.out.printf("| batch API (HTTP, chunks of %,d, parallel=%d) | %,d | %.1f | %,.0f |%n", chunk, parallel, invoices,
                    batchSeconds, batchRate);
            if (waitEvents) {
                System.out.printf("| batch API until every event is handled | %,d | %.1f | %,.0f |%n", invoices, drainSeconds,
                        invoices / drainSeconds);
            }
            System.out.printf("| PostgreSQL COPY, same rows, equivalent table | %,d | %.1f | %,.0f |%n", invoices, copySeconds, copyRate);
            System.out.printf("batch / COPY = %.1f %% (target >= 30 %%), batch %,.0f invoices/s (target >= 20,000)%n",
                    100 * batchRate / copyRate, batchRate);
            System.out.printf("peak heap during the batch import: %d MB of %d MB%n", batchPeak, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("CPU during the batch import (load-independent cost): JVM %.1f s (hub and this client), PostgreSQL %.1f s;"
                    + " %.1f CPU-ms per 1,000 invoices; COPY %.1f CPU-ms per 1,000 (CPU ratio COPY / batch = %.1f %%)%n", hubCpu, pgCpu,
                    1000 * (hubCpu + pgCpu) / (invoices / 1000.0), 1000 * copyCpu / (invoices / 1000.0), 100 * copyCpu / (hubCpu + pgCpu));
        } finally {
            hub.close();
        }
    }

    /** One JSON request body per chunk, as the ERP would send it, written to files. */
    static List<Path> writeBodies(Path dir, int invoices, int customers, int chunk) throws java.io.IOException {
        Files.createDirectories(dir);
        List<Path> out = new java.util.ArrayList<>();
        for (int from = 0; from < invoices; from += chunk) {
            int to = Math.min(invoices, from + chunk);
            StringBuilder body = new StringBuilder(256 * (to - from)).append("{\"invoices\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    body.append(',');
                }
                Row r = row(i, customers);
                body.append("{\"invoiceNumber\":\"").append(r.number).append("\",\"customerId\":\"").append(r.customer)
                        .append("\",\"issueDate\":\"").append(r.issue).append("\",\"dueDate\":\"").append(r.due)
                        .append("\",\"currency\":\"EUR\",\"amount\":\"").append(r.amount).append("\",\"purchaseOrder\":\"")
                        .append(r.po).append("\"}");
            }
            body.append("]}");
            Path file = dir.resolve(String.format("batch-%06d.json", out.size()));
            Files.writeString(file, body);
            out.add(file);
        }
        return out;
    }

    record Row(String number, String customer, String customerId, LocalDate issue, LocalDate due, String amount, String po) {
    }

    static String customerRef(int c) {
        return String.format("BC%06d", c);
    }

    /** Deterministic rows: the batch and the COPY get the same values. */
    static Row row(int i, int customers) {
        Random r = new Random(i);
        LocalDate issue = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(300));
        int cents = 1000 + r.nextInt(500_000);
        return new Row(String.format("BINV%08d", i), customerRef(r.nextInt(customers)), null, issue, issue.plusDays(30),
                (cents / 100) + "." + String.format("%02d", cents % 100), "PO-" + (i % 977));
    }

    /** COPY of the same rows into a table shaped like invoice (keys, generated columns and indexes included). */
    static double copy(DataSource ds, JdbcTemplate jdbc, int invoices, int customers) throws Exception {
        jdbc.execute("drop table if exists bench_invoice_copy");
        jdbc.execute("create table bench_invoice_copy (like invoice including all)");
        // "like" copies keys, generated columns and indexes but not foreign keys: the ones invoice has (if any) are added
        for (String fk : jdbc.queryForList("select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'invoice'::regclass"
                + " and contype = 'f'", String.class)) {
            jdbc.execute("alter table bench_invoice_copy add " + fk);
            System.out.println("COPY baseline: invoice's " + fk);
        }
        // rows as the hub writes them: time-ordered ids, and the number keys when invoice does not generate them
        boolean keysGenerated = Boolean.TRUE.equals(jdbc.queryForObject("select attgenerated <> '' from pg_attribute"
                + " where attrelid = 'invoice'::regclass and attname = 'number_key'", Boolean.class));
        Map<String, String> customerIds = new HashMap<>();
        jdbc.query("select customer_ref, id from customer", rs -> {
            customerIds.put(rs.getString(1), rs.getString(2));
        });
        explainInsert(ds, keysGenerated);
        String now = java.time.Instant.now().toString();
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            var copy = pg.getCopyAPI().copyIn("copy bench_invoice_copy (id, invoice_number, " + (keysGenerated ? "" : "number_key, number_digits, ")
                    + "customer_id, issue_date, due_date, currency, "
                    + "amount, open_amount, erp_open_amount, cancelled, status, purchase_order, created_at, updated_at, version) from stdin");
            java.time.Clock clock = java.time.Clock.systemUTC();
            StringBuilder buf = new StringBuilder(1 << 20);
            for (int i = 0; i < invoices; i++) {
                Row r = row(i, customers);
                buf.append(TimeOrderedIds.next(clock)).append('\t').append(r.number).append('\t');
                if (!keysGenerated) {
                    buf.append(InvoiceNumberKeys.key(r.number)).append('\t').append(InvoiceNumberKeys.digits(r.number)).append('\t');
                }
                buf.append(customerIds.get(r.customer)).append('\t')
                        .append(r.issue).append('\t').append(r.due).append("\tEUR\t").append(r.amount).append('\t').append(r.amount)
                        .append('\t').append(r.amount).append("\tf\tOPEN\t").append(r.po).append('\t').append(now).append('\t')
                        .append(now).append("\t0\n");
                if (buf.length() > (1 << 20) - 512) {
                    byte[] b = buf.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    copy.writeToCopy(b, 0, b.length);
                    buf.setLength(0);
                }
            }
            byte[] b = buf.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            copy.writeToCopy(b, 0, b.length);
            long rows = copy.endCopy();
            if (rows != invoices) {
                throw new IllegalStateException("COPY wrote " + rows);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Where PostgreSQL spends an insert of 5,000 invoice rows (generated columns, indexes, the foreign key's trigger):
     * {@code EXPLAIN (ANALYZE, BUFFERS)} of copying 5,000 of the imported rows into the empty equivalent table, rolled back.
     */
    static void explainInsert(DataSource ds, boolean keysGenerated) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String keys = keysGenerated ? "" : "number_key, number_digits, ";
            String keyValues = keysGenerated ? "" : "'X' || number_key, number_digits, ";
            try (var st = c.createStatement(); var rs = st.executeQuery("explain (analyze, buffers) insert into bench_invoice_copy (id, "
                    + "invoice_number, " + keys + "customer_id, issue_date, due_date, currency, amount, open_amount, erp_open_amount, "
                    + "cancelled, status, purchase_order, created_at, updated_at, version) select id, 'X' || invoice_number, " + keyValues
                    + "customer_id, issue_date, due_date, currency, amount, open_amount, erp_open_amount, cancelled, status, "
                    + "purchase_order, created_at, updated_at, version from invoice limit 5000")) {
                System.out.println("EXPLAIN (ANALYZE, BUFFERS) of an insert of 5,000 invoice rows:");
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            } finally {
                c.rollback();
            }
        }
    }

    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** User + system CPU of the embedded PostgreSQL: its postmaster (with reaped children) and its live backends (Linux /proc). */
    static double postgresCpuSeconds(Path data) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String stat;
                    try {
                        stat = Files.readString(p.resolve("stat"));
                    } catch (java.io.IOException gone) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    long ppid = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    } else if (ppid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks / 100.0; // USER_HZ
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static void drainEvents(JdbcTemplate jdbc) throws InterruptedException {
        while (true) {
            Long open = jdbc.queryForObject("select count(*) from event_publication where completion_date is null", Long.class);
            if (open == null || open == 0) {
                return;
            }
            Thread.sleep(200);
        }
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
