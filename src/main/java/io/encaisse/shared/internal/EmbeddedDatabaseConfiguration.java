package io.encaisse.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.encaisse.shared.HubProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode: with no {@code spring.datasource.url}, the hub starts a real PostgreSQL of its own,
 * keeping its files under {@code <data-dir>/postgres} so that a restart keeps the data.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(HubProperties hub) throws IOException {
        Path dir = hub.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // Spring stops it (destroyMethod) after the connection pool; zonky's own JVM hook would race the pool
                .setRegisterShutdownHook(false);
        if (hub.embeddedDb().port() > 0) {
            builder.setPort(hub.embeddedDb().port());
        }
        EmbeddedPostgres pg = builder.start();
        log.info("Local mode: embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return pg;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(10);
        ds.setPoolName("encaisse-local");
        return ds;
    }
}
