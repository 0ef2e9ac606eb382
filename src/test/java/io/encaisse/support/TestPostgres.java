package io.encaisse.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One PostgreSQL for the tests that need their own Spring context: HubTestBase's data folder (and with it its
 * embedded PostgreSQL) is shared by every context of the JVM, and a second embedded server cannot start on the same
 * files. Each caller gets its own database; the server stops when the JVM does, after the Spring contexts using it.
 */
public final class TestPostgres {

    private static EmbeddedPostgres pg;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (pg == null) {
            try {
                pg = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "crm-test-postgres"));
        }
        return pg;
    }

    /** A fresh, empty database. */
    public static synchronized String jdbcUrl(String database) {
        DataSource admin = server().getPostgresDatabase();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + database, e);
        }
        return server().getJdbcUrl("postgres", database);
    }

    /**
     * A short-lived hub of its own: its own data folder and database, configured like a user would (command-line
     * arguments win over application.yml, where builder "properties" would only be defaults).
     */
    public static org.springframework.context.ConfigurableApplicationContext isolatedHub(String database, String... properties) {
        java.nio.file.Path dataDir = java.nio.file.Path.of("target", "test-data", database + "-" + java.util.UUID.randomUUID())
                .toAbsolutePath();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--encaisse.hub.data-dir=" + dataDir,
                "--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=postgres"));
        for (String p : properties) {
            args.add("--" + p);
        }
        return new org.springframework.boot.builder.SpringApplicationBuilder(io.encaisse.EncaisseApplication.class)
                .run(args.toArray(String[]::new));
    }
}
