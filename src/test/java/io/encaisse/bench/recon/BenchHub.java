package io.encaisse.bench.recon;

import io.encaisse.EncaisseApplication;
import io.encaisse.bank.BankStatements;
import io.encaisse.bank.ImportOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real application, booted for a benchmark in a fresh data folder under {@code target/bench/} (its own embedded
 * PostgreSQL): dunning off, CRM off (the default), a random web port. The benchmark reads and writes only through the
 * modules' public APIs; {@link #jdbc()} serves waiting (how many credits are decided) and bulk set-up only.
 */
final class BenchHub implements AutoCloseable {

    final Path dataDir;
    final ConfigurableApplicationContext context;

    private BenchHub(Path dataDir, ConfigurableApplicationContext context) {
        this.dataDir = dataDir;
        this.context = context;
    }

    static BenchHub start(String kind, String... extraArgs) {
        Path dir = Path.of("target", "bench", kind + "-" + UUID.randomUUID()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--encaisse.hub.data-dir=" + dir,
                "--encaisse.dunning.enabled=false", "--encaisse.crm.enabled=false",
                "--encaisse.api.bootstrap-key=bench-" + UUID.randomUUID(),
                "--logging.level.root=WARN", "--logging.level.io.encaisse=WARN", "--spring.main.banner-mode=off"));
        args.addAll(List.of(extraArgs));
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(EncaisseApplication.class)
                .run(args.toArray(String[]::new));
        System.out.printf("hub booted in %.1f s (data in %s)%n", (System.nanoTime() - t0) / 1e9, dir);
        return new BenchHub(dir, ctx);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** Imports a statement file as a bank channel would, and fails loudly when the bank module refuses it. */
    ImportOutcome importFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ImportOutcome outcome = bean(BankStatements.class).importFile(file.getFileName().toString(), "bench", in);
            if (outcome.rejected() || outcome.duplicate()) {
                throw new IllegalStateException("Statement " + file + " not imported: " + outcome.status() + " " + outcome.reason());
            }
            return outcome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Credits registered by reconciliation and decided (applied, suggested or left unmatched with a reason). */
    long decidedCredits() {
        Long n = jdbc().queryForObject("select count(*) from recon_transaction where kind = 'CREDIT' and reason is not null",
                Long.class);
        return n == null ? 0 : n;
    }

    /** Waits until {@code expected} credits are decided; returns the seconds waited. */
    double awaitDecided(long expected, Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long last = -1;
        long lastPrint = t0;
        long first = -1;
        while (true) {
            long n = decidedCredits();
            if (n >= expected) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (first < 0) {
                first = n;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("Only " + n + " of " + expected + " credits decided after " + timeout
                        + "; incomplete event publications: " + incompleteEvents());
            }
            if (n != last || now - lastPrint > 30_000_000_000L) {
                if (now - lastPrint > 30_000_000_000L) {
                    System.out.printf("  ... %d of %d decided after %.0f s%n", n, expected, (now - t0) / 1e9);
                    lastPrint = now;
                }
                last = n;
            }
            // The count reads the whole table: polled every 50 ms it took a third of the database's time during a
            // 100,000-credit run, slowing what it measures. Poll at half the estimated time left (50 ms .. 2 s).
            double elapsed = (now - t0) / 1e9;
            long pause = 1000;
            if (n > first && elapsed > 0) {
                double left = (expected - n) / ((n - first) / elapsed);
                pause = Math.max(50, Math.min(2000, (long) (left * 500)));
            }
            sleep(pause);
        }
    }

    long incompleteEvents() {
        Long n = jdbc().queryForObject("select count(*) from event_publication where completion_date is null", Long.class);
        return n == null ? 0 : n;
    }

    /** Waits until every published event was handled (the invoices' upsert events before a statement comes in). */
    void awaitEventsIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (incompleteEvents() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(incompleteEvents() + " events still not handled after " + timeout);
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
