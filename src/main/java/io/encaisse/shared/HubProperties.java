package io.encaisse.shared;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Hub-wide settings (module {@code shared}).
 *
 * @param dataDir where local mode keeps its database, inbox and outbox
 * @param zone the business time zone: decides what "today" and "overdue" mean
 * @param embeddedDb the PostgreSQL started by the hub itself when no datasource URL is configured
 * @param eventRetryAfter how old an unfinished event publication must be before it is resubmitted
 * @param routesDir the folder of the Camel YAML routes (wiring only)
 * @param mappingsDir the folder of the declarative field mappings
 */
@Validated
@ConfigurationProperties("encaisse.hub")
public record HubProperties(
        @NotNull Path dataDir,
        @NotNull ZoneId zone,
        @NotNull @Valid EmbeddedDb embeddedDb,
        @NotNull Duration eventRetryAfter,
        @NotNull Path routesDir,
        @NotNull Path mappingsDir) {

    /** @param port 0 picks a free port */
    public record EmbeddedDb(@Min(0) @Max(65535) int port) {
    }
}
