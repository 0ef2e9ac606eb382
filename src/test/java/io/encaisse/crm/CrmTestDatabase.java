package io.encaisse.crm;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One PostgreSQL for the crm tests that need their own Spring context: HubTestBase's data folder (and with it its
 * embedded PostgreSQL) is shared by every context of the JVM, and a second embedded server cannot start on the same
 * files. Each caller gets its own database; the server stops when the JVM does, after the Spring contexts using it.
 */
public final class CrmTestDatabase {

    private static EmbeddedPostgres pg;

    private CrmTestDatabase() {
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
}
