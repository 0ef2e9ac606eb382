package io.encaisse.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariDataSource;
import io.encaisse.bank.BankProperties.ParserMode;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.ImportOutcome;
import io.encaisse.bank.ImportStatus;
import io.encaisse.bank.internal.BenchImporters;
import io.encaisse.bank.internal.parser.ParseSummary;
import io.encaisse.bank.internal.parser.ParsedEntry;
import io.encaisse.bank.internal.parser.StatementHeader;
import io.encaisse.bank.internal.parser.StatementParser;
import io.encaisse.bank.internal.parser.StatementSink;
import io.encaisse.shared.Hashes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Bank statement ingestion benchmark (not a test; run it with the Maven profile {@code bench}, see pom.xml).
 *
 * <p>{@code --mode=throughput} (default): for each entry count, generates a camt.053 into target/bench/ and, in this
 * JVM, measures a bare StAX pass, parse-only with both entry binders (fast, the default, and prowide), parse + the
 * production sink's Java side without a database (identity bases, JSON, COPY rows; bytes counted, not sent), and
 * parse+store through the production StatementImporter/BankStore against a real PostgreSQL (embedded, Flyway
 * migrations from classpath:db/migration), twice (the tables emptied before each): the machine is shared.
 * A warm-up run on a smaller file precedes the measurement.
 *
 * <p>{@code --mode=memory}: for each entry count, forks a JVM with {@code -Xmx256m} that imports the file through the
 * production importer into PostgreSQL and prints the outcome, the peak heap and the largest live-set class histogram;
 * for the larger sizes it then imports the smallest file again (its lines are the first lines of the larger one: every
 * line known already) into the account holding the larger import.
 *
 * <p>Arguments: {@code --entries=100000[,1000000]}, {@code --version=02|08}, {@code --seed=N}, {@code --warmup=20000}.
 */
public final class BankIngestBenchmark {

    private static final Path DIR = Path.of("target", "bench");
    private static final DataSize MAX_FILE = DataSize.ofGigabytes(8);

    public static void main(String[] args) throws Exception {
        // quiet: only the figures (the test classpath has no logback configuration, so the default would be DEBUG)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> opt = new java.util.HashMap<>();
        for (String a : args) {
            if (a == null || a.isBlank()) {
                continue;
            }
            String s = a.startsWith("--") ? a.substring(2) : a;
            int eq = s.indexOf('=');
            if (eq < 0) {
                opt.put(s.matches("[0-9_,]+") ? "entries" : "mode", s);
            } else {
                opt.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        String mode = opt.getOrDefault("mode", "throughput");
        int[] sizes = Arrays.stream(opt.getOrDefault("entries", "100000").split(","))
                .map(s -> s.trim().replace("_", "")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        CamtGenerator.Version version = opt.getOrDefault("version", "02").endsWith("08") ? CamtGenerator.Version.V08
                : CamtGenerator.Version.V02;
        long seed = Long.parseLong(opt.getOrDefault("seed", "20261120"));
        Files.createDirectories(DIR);
        switch (mode) {
            case "throughput" -> throughput(sizes, version, seed, Integer.parseInt(opt.getOrDefault("warmup", "20000")));
            case "memory" -> memory(sizes, version, seed);
            case "memory-child" -> memoryChild(Path.of(opt.get("file")), sizes[0],
                    opt.containsKey("then") ? Path.of(opt.get("then")) : null);
            case "profile-parse" -> {
                Path f = file(sizes[0], version, seed);
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    long n = parseOnly(f, null, ParserMode.FAST);
                    System.out.printf(Locale.ROOT, "parse-only %,d entries in %.2f s%n", n, (System.nanoTime() - t0) / 1e9);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (throughput, memory)");
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    private static Path file(int entries, CamtGenerator.Version version, long seed) throws IOException {
        Path f = DIR.resolve("camt053-" + version.name().toLowerCase(Locale.ROOT) + "-" + entries + "-" + seed + ".xml");
        if (!Files.exists(f)) {
            long t0 = System.nanoTime();
            CamtGenerator.Totals t = new CamtGenerator(version, seed).write(f, entries);
            System.out.printf(Locale.ROOT, "generated %s: %,d entries (%,d credits, %,d debits), %.1f MB in %.1f s%n", f,
                    t.entries(), t.credits(), t.debits(), Files.size(f) / 1e6, (System.nanoTime() - t0) / 1e9);
        }
        return f;
    }

    // ------------------------------------------------------------------------------------------------ database

    private record Db(EmbeddedPostgres pg, Path dir) implements AutoCloseable {
        static Db start() throws IOException {
            Path dir = DIR.resolve("pg-" + UUID.randomUUID()).toAbsolutePath();
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
            HikariDataSource ds = dataSource(pg, false);
            try (ds) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            }
            return new Db(pg, dir);
        }

        @Override
        public void close() throws IOException {
            pg.close();
        }
    }

    private static HikariDataSource dataSource(EmbeddedPostgres pg, boolean rewriteBatched) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + (rewriteBatched ? "&reWriteBatchedInserts=true" : ""));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(3);
        ds.setPoolName(rewriteBatched ? "bench-rewrite" : "bench");
        return ds;
    }

    private static void truncate(DataSource ds) {
        new JdbcTemplate(ds).execute("truncate bank_entry_line, bank_entry, bank_balance, bank_statement, bank_import cascade");
    }

    private static String verify(DataSource ds, int expected) {
        JdbcTemplate j = new JdbcTemplate(ds);
        Integer stored = j.queryForObject("select count(*) from bank_entry", Integer.class);
        Integer lines = j.queryForObject("select count(*) from bank_entry_line where outcome = 'NEW'", Integer.class);
        List<String> checks = j.queryForList("select balance_check || '/' || new_entries from bank_statement", String.class);
        boolean ok = stored != null && stored == expected && lines != null && lines == expected
                && checks.equals(List.of("OK/" + expected));
        return (ok ? "ok" : "MISMATCH") + " (bank_entry " + stored + ", NEW lines " + lines + ", balance/new " + checks + ")";
    }

    // ------------------------------------------------------------------------------------------------ heap

    /** Peak heap (sum of the heap pools' peaks) and the largest heap-after-GC (live set) during a phase. */
    static final class HeapWatch {
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private final Set<String> heapPools = new HashSet<>();
        private final AtomicLong maxAfterGc = new AtomicLong();

        HeapWatch() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    pools.add(p);
                    heapPools.add(p.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    long u = used;
                    maxAfterGc.accumulateAndGet(u, Math::max);
                }, null, null);
            }
        }

        private long gcCount0;
        private long gcMillis0;

        void reset() {
            System.gc();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            maxAfterGc.set(0);
            gcCount0 = gcCount();
            gcMillis0 = gcMillis();
        }

        long peak() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        long maxLive() {
            return maxAfterGc.get();
        }

        long gcs() {
            return gcCount() - gcCount0;
        }

        long gcMs() {
            return gcMillis() - gcMillis0;
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }
    }

    // ------------------------------------------------------------------------------------------------ phases

    private interface Phase {
        /** Runs once over the file; returns the number of entries seen. */
        long run(Path file) throws Exception;
    }

    private record Result(String name, long entries, double seconds, long peak, long live, long gcs, long gcMs,
            String note) {
        double rate() {
            return entries / seconds;
        }
    }

    private static Result measure(HeapWatch heap, String name, Path file, Phase phase, String note) throws Exception {
        heap.reset();
        long t0 = System.nanoTime();
        long n = phase.run(file);
        double s = (System.nanoTime() - t0) / 1e9;
        return new Result(name, n, s, heap.peak(), heap.maxLive(), heap.gcs(), heap.gcMs(), note);
    }

    private static final XMLInputFactory STAX = hardenedFactory();

    /** The same settings as the production CamtParser's factory. */
    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("External resources are not allowed: " + systemId);
        });
        return f;
    }

    /** Bare StAX: every event, counting Ntry start tags; DTD/entity references rejected as in production. */
    static long bareStax(Path file) throws IOException, XMLStreamException {
        long ntry = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader r = STAX.createXMLStreamReader(in);
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if ("Ntry".equals(r.getLocalName())) {
                        ntry++;
                    }
                } else if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new XMLStreamException("rejected");
                }
            }
            r.close();
        }
        return ntry;
    }

    /** Counts entries and sums amounts (so nothing is optimised away). */
    static final class CountingSink implements StatementSink {
        long entries;
        long details;
        BigDecimal sum = BigDecimal.ZERO;

        @Override
        public void startStatement(StatementHeader header) {
        }

        @Override
        public void entry(ParsedEntry entry) {
            entries++;
            details += entry.details().size();
            sum = sum.add(entry.amount());
        }

        @Override
        public void endStatement() {
        }
    }

    static long parseOnly(Path file, List<String> warnings, ParserMode mode) throws Exception {
        CountingSink sink = new CountingSink();
        ParseSummary s;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            s = new StatementParser(mode).parse(in, sink);
        }
        if (warnings != null) {
            warnings.addAll(s.warnings());
        }
        return sink.entries;
    }

    static long spoolOnly(Path file) throws IOException {
        Path spool = Files.createTempFile("encaisse-bench-spool-", ".bin");
        try (InputStream in = Files.newInputStream(file);
                DigestInputStream din = new DigestInputStream(in, Hashes.sha256());
                OutputStream out = Files.newOutputStream(spool)) {
            din.transferTo(out);
        } finally {
            Files.deleteIfExists(spool);
        }
        return 0;
    }

    /** The first 1,000 entries of the file, as the given binder reads them. */
    private static List<ParsedEntry> firstEntries(Path file, ParserMode mode) throws Exception {
        List<ParsedEntry> entries = new ArrayList<>();
        RuntimeException stop = new RuntimeException("enough");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new StatementParser(mode).parse(in, new StatementSink() {
                @Override
                public void startStatement(StatementHeader header) {
                }

                @Override
                public void entry(ParsedEntry entry) {
                    entries.add(entry);
                    if (entries.size() == 1000) {
                        throw stop;
                    }
                }

                @Override
                public void endStatement() {
                }
            });
        } catch (RuntimeException e) {
            if (e != stop) {
                throw e;
            }
        }
        return entries;
    }

    /** The fast binder's entries must equal the Prowide binder's (the corpus test proves it on real files). */
    private static String binderCheck(Path file) throws Exception {
        List<ParsedEntry> fast = firstEntries(file, ParserMode.FAST);
        List<ParsedEntry> prowide = firstEntries(file, ParserMode.PROWIDE);
        int equal = 0;
        String firstDiff = null;
        for (int i = 0; i < Math.min(fast.size(), prowide.size()); i++) {
            if (fast.get(i).equals(prowide.get(i))) {
                equal++;
            } else if (firstDiff == null) {
                firstDiff = "\n  prowide " + prowide.get(i) + "\n  fast    " + fast.get(i);
            }
        }
        return equal + "/" + prowide.size() + " equal" + (firstDiff == null ? "" : "; first difference:" + firstDiff);
    }

    static long store(BankStatements importer, Path file) throws IOException {
        ImportOutcome o;
        try (InputStream in = Files.newInputStream(file)) {
            o = importer.importFile(file.getFileName().toString(), "BENCH", in);
        }
        if (o.status() != ImportStatus.IMPORTED) {
            throw new IllegalStateException("import " + o.status() + ": " + o.reason());
        }
        return o.entries();
    }

    // ------------------------------------------------------------------------------------------------ throughput

    private static void throughput(int[] sizes, CamtGenerator.Version version, long seed, int warmup) throws Exception {
        System.out.printf(Locale.ROOT, "JVM %s, max heap %d MB, %d CPUs, GC %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        HeapWatch heap = new HeapWatch();
        try (Db db = Db.start(); HikariDataSource ds = dataSource(db.pg(), false)) {
            System.out.println("PostgreSQL (embedded) on port " + db.pg().getPort() + ", data in " + db.dir() + ", settings "
                    + new JdbcTemplate(ds).queryForList("select name || '=' || setting || coalesce(unit, '') from pg_settings"
                            + " where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_wal_size', 'wal_level',"
                            + " 'full_page_writes', 'server_version', 'lc_collate')", String.class));
            BankStatements importer = BenchImporters.importer(ds, MAX_FILE);

            Path warm = file(warmup, version, seed + 1);
            System.out.println("warm-up on " + warm.getFileName() + " ...");
            for (int round = 0; round < 2; round++) {
                runAll(heap, warm, warmup, ds, importer, false);
            }
            for (int n : sizes) {
                Path f = file(n, version, seed);
                List<Result> results = runAll(heap, f, n, ds, importer, true);
                print(f, n, results);
            }
        }
    }

    private static List<Result> runAll(HeapWatch heap, Path f, int n, DataSource ds, BankStatements importer,
            boolean verbose) throws Exception {
        List<Result> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        results.add(measure(heap, "bare StAX", f, BankIngestBenchmark::bareStax, ""));
        results.add(measure(heap, "parse-only", f, p -> parseOnly(p, warnings, ParserMode.FAST),
                "production StatementParser (fast binder, default)"));
        results.add(measure(heap, "parse-only prowide", f, p -> parseOnly(p, null, ParserMode.PROWIDE),
                "encaisse.bank.parser=prowide: JAXB per entry"));
        AtomicLong rows = new AtomicLong();
        AtomicLong copyBytes = new AtomicLong();
        results.add(measure(heap, "parse+identity+JSON+COPY", f, p -> {
            rows.set(0);
            copyBytes.set(0);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
                new StatementParser().parse(in, BenchImporters.rowsOnlySink(rows, copyBytes));
            }
            return rows.get();
        }, "no DB: production sink (identity, JSON, COPY rows), bytes not sent"));
        Result spool = measure(heap, "spool+SHA-256", f, BankIngestBenchmark::spoolOnly, "part of every import");
        results.add(new Result(spool.name(), n, spool.seconds(), spool.peak(), spool.live(), spool.gcs(), spool.gcMs(),
                spool.note()));
        truncate(ds);
        long jvmCpu0 = jvmCpu();
        long pgCpu0 = pgCpu(ds);
        results.add(measure(heap, "parse+store", f, p -> store(importer, p), "production importer: COPY straight into bank_entry (repeats: staging, set-based merge)"));
        String cpu = String.format(Locale.ROOT, "JVM %.2f s, PostgreSQL %.2f s", (jvmCpu() - jvmCpu0) / 1e9,
                (pgCpu(ds) - pgCpu0) / 100.0);
        String check1 = verify(ds, n);
        truncate(ds);
        // a second run on the emptied tables: on this shared machine one run alone says little
        results.add(measure(heap, "parse+store, again", f, p -> store(importer, p), "same, second run"));
        verify(ds, n);
        truncate(ds);
        for (Result r : results) {
            if (r.entries() != n) {
                throw new IllegalStateException(r.name() + " saw " + r.entries() + " entries, expected " + n);
            }
        }
        if (verbose) {
            System.out.println("stored rows check: " + check1);
            // the import's two sides run in parallel (the parser in the JVM, the COPY in PostgreSQL): on 2 idle cores the
            // import cannot take less than the larger of the two
            System.out.println("parse+store CPU time (first run): " + cpu + (pgCpu0 < 0 ? " (PostgreSQL: not on Linux)" : ""));
            System.out.println("fast vs prowide binder, first 1,000 entries: " + binderCheck(f));
            System.out.println("parser warnings: " + warnings.size() + (warnings.isEmpty() ? "" : " e.g. " + warnings.get(0)));
        }
        return results;
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the database's processes (the postmaster and its children), in clock ticks (1/100 s); -1 if unknown. */
    private static long pgCpu(DataSource ds) {
        try {
            String dataDir = new JdbcTemplate(ds).queryForObject("show data_directory", String.class);
            String postmaster = Files.readAllLines(Path.of(dataDir, "postmaster.pid")).get(0).trim();
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        if (p.getFileName().toString().equals(postmaster) || f[1].equals(postmaster)) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void print(Path f, int n, List<Result> results) throws IOException {
        double stax = results.get(0).rate();
        System.out.println();
        System.out.printf(Locale.ROOT, "camt.053 file %s: %,d entries, %.1f MB%n", f.getFileName(), n, Files.size(f) / 1e6);
        System.out.printf(Locale.ROOT, "| %-24s | %8s | %11s | %8s | %9s | %9s | %9s | %s%n", "phase", "seconds",
                "entries/s", "vs StAX", "peak heap", "max live", "GCs (ms)", "note");
        System.out.println("|--------------------------|----------|-------------|----------|-----------|-----------|-----------|------");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %-24s | %8.2f | %,11.0f | %7.1f%% | %6d MB | %9s | %9s | %s%n", r.name(),
                    r.seconds(), r.rate(), 100 * r.rate() / stax, r.peak() >> 20,
                    r.gcs() == 0 ? "no GC" : (r.live() >> 20) + " MB",
                    r.gcs() + " (" + r.gcMs() + ")", r.note());
        }
        Result parse = results.get(1);
        Result store = results.stream().filter(r -> r.name().equals("parse+store")).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "targets: parse+store %,.0f entries/s (target >= 50,000): %s; parse-only %.1f%% of bare StAX "
                + "(target >= 50%%): %s%n", store.rate(), store.rate() >= 50_000 ? "MET" : "NOT MET",
                100 * parse.rate() / stax, parse.rate() >= stax / 2 ? "MET" : "NOT MET");
        System.out.println("(peak heap = sum of heap pools' peak usage, includes garbage; max live = largest heap after a GC)");
    }

    // ------------------------------------------------------------------------------------------------ memory

    private static void memory(int[] sizes, CamtGenerator.Version version, long seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int smallest = Arrays.stream(sizes).min().orElse(0);
        for (int n : sizes) {
            Path f = file(n, version, seed);
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+HeapDumpOnOutOfMemoryError",
                    "-XX:HeapDumpPath=" + DIR.toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                    BankIngestBenchmark.class.getName(), "--mode=memory-child", "--entries=" + n,
                    "--file=" + f.toAbsolutePath()));
            if (n > smallest) {
                // same seed: the smaller file's lines are the first lines of this one (same references and amounts)
                cmd.add("--then=" + file(smallest, version, seed).toAbsolutePath());
            }
            System.out.printf(Locale.ROOT, "%n=== forked JVM -Xmx256m: import of %s (%,d entries, %.1f MB) ===%n",
                    f.getFileName(), n, Files.size(f) / 1e6);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroy();
                System.out.println("RESULT: TIMEOUT after 30 min");
                continue;
            }
            System.out.println("forked JVM exit code " + p.exitValue() + (p.exitValue() == 0 ? "" : " (FAILED)"));
        }
    }

    private static void memoryChild(Path file, int n, Path then) throws Exception {
        System.out.printf(Locale.ROOT, "child JVM pid %d, max heap %d MB%n", ProcessHandle.current().pid(),
                Runtime.getRuntime().maxMemory() >> 20);
        HeapWatch heap = new HeapWatch();
        String[] worst = {null};
        long[] worstTotal = {0};
        try (Db db = Db.start(); HikariDataSource ds = dataSource(db.pg(), false)) {
            BankStatements importer = BenchImporters.importer(ds, MAX_FILE);
            Thread sampler = new Thread(() -> {
                try {
                    Thread.sleep(5_000);
                    while (!Thread.currentThread().isInterrupted()) {
                        String h = histogram();
                        long total = histogramTotal(h);
                        if (total > worstTotal[0]) {
                            worstTotal[0] = total;
                            worst[0] = h;
                        }
                        Thread.sleep(20_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    System.out.println("histogram failed: " + e);
                }
            }, "histogram-sampler");
            sampler.setDaemon(true);
            heap.reset();
            long t0 = System.nanoTime();
            sampler.start();
            ImportOutcome o;
            try (InputStream in = Files.newInputStream(file)) {
                o = importer.importFile(file.getFileName().toString(), "BENCH", in);
            } catch (OutOfMemoryError oom) {
                System.out.println("RESULT: FAILED with " + oom + " after " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
                throw oom;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            sampler.interrupt();
            sampler.join();
            String check = o.status() == ImportStatus.IMPORTED ? verify(ds, n) : "-";
            System.out.printf(Locale.ROOT, "RESULT: %s %s, %,d entries in %.1f s (%,.0f entries/s), stored %s%n",
                    o.status() == ImportStatus.IMPORTED && check.startsWith("ok") ? "SUCCESS" : "FAILURE", o.status(),
                    o.entries(), s, o.entries() / s, check);
            if (o.reason() != null) {
                System.out.println("reason: " + o.reason());
            }
            System.out.printf(Locale.ROOT, "heap: -Xmx %d MB, peak used %d MB (sum of pool peaks), max live after GC %d MB, "
                    + "%d GCs (%d ms)%n", Runtime.getRuntime().maxMemory() >> 20, heap.peak() >> 20, heap.maxLive() >> 20,
                    heap.gcs(), heap.gcMs());
            if (then != null && o.status() == ImportStatus.IMPORTED) {
                // every line of this file reports a transaction of the account already: all SEEN_AGAIN, nothing new
                heap.reset();
                long t1 = System.nanoTime();
                ImportOutcome again;
                try (InputStream in = Files.newInputStream(then)) {
                    again = importer.importFile(then.getFileName().toString(), "BENCH", in);
                }
                double s2 = (System.nanoTime() - t1) / 1e9;
                JdbcTemplate j = new JdbcTemplate(ds);
                System.out.printf(Locale.ROOT, "RESULT (lines known already, account holding %,d transactions): %s %s, %,d lines in"
                        + " %.1f s (%,d lines/s); new entries %s, transactions now %s, lines by outcome %s; peak heap %d MB%n", n,
                        again.status(), then.getFileName(), again.entries(), s2, (long) (again.entries() / s2),
                        j.queryForList("select new_entries from bank_statement where import_id = ?", Integer.class,
                                again.importId()),
                        j.queryForObject("select count(*) from bank_entry", Long.class),
                        j.queryForList("select outcome || '=' || count(*) from bank_entry_line group by outcome order by 1",
                                String.class), heap.peak() >> 20);
            }
            if (worst[0] != null) {
                System.out.println("largest live-set class histogram during the import (GC.class_histogram, top 15):");
                worst[0].lines().limit(18).forEach(l -> System.out.println("  " + l));
            }
        }
    }

    private static String histogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    private static long histogramTotal(String h) {
        return h.lines().filter(l -> l.startsWith("Total")).findFirst()
                .map(l -> Long.parseLong(l.trim().split("\\s+")[2])).orElse(0L);
    }
}
