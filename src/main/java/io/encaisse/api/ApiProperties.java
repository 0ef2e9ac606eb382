package io.encaisse.api;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param bootstrapKey an API key taken from the environment (HUB_API_KEY) and stored hashed at start-up
 * @param localKeyFile where a generated key is written when no key exists at all (local mode's first start)
 * @param idempotencyKeyRetention how long an Idempotency-Key and its stored answer are kept
 */
@Validated
@ConfigurationProperties("encaisse.api")
public record ApiProperties(String bootstrapKey, @NotNull Path localKeyFile, @NotNull Duration idempotencyKeyRetention) {
}
