package io.encaisse.api.internal;

import io.encaisse.api.ApiProperties;
import io.encaisse.shared.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** API keys, stored as SHA-256 hashes only: a stolen database does not give access to the API. */
@Component
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApiProperties props;
    // hash -> key id; a revoked key is removed from here on revocation
    private final ConcurrentHashMap<String, UUID> cache = new ConcurrentHashMap<>();

    ApiKeys(JdbcTemplate jdbc, Clock clock, ApiProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
    }

    /** Called once at start-up, after the schema is migrated. */
    void bootstrap() {
        if (props.bootstrapKey() != null && !props.bootstrapKey().isBlank()) {
            if (register("bootstrap (HUB_API_KEY)", props.bootstrapKey())) {
                log.info("API key from HUB_API_KEY registered");
            }
            return;
        }
        Integer active = jdbc.queryForObject("select count(*) from api_key where revoked_at is null", Integer.class);
        if (active != null && active > 0) {
            return;
        }
        String key = newKey();
        register("generated for local mode", key);
        Path file = props.localKeyFile().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, key + System.lineSeparator());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file is still only in the local data folder
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the generated API key to " + file, e);
        }
        log.info("No API key was configured: generated one and wrote it to {} (set HUB_API_KEY to choose your own)", file);
    }

    boolean register(String name, String key) {
        String hash = Hashes.sha256Hex(key);
        int rows = jdbc.update("""
                insert into api_key (id, name, key_hash, key_prefix, created_at) values (?, ?, ?, ?, ?)
                on conflict (key_hash) do nothing""",
                UUID.randomUUID(), name, hash, key.substring(0, Math.min(6, key.length())), Timestamp.from(clock.instant()));
        return rows == 1;
    }

    Optional<UUID> authenticate(String presentedKey) {
        String hash = Hashes.sha256Hex(presentedKey);
        UUID cached = cache.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<UUID> id = jdbc.query("select id from api_key where key_hash = ? and revoked_at is null",
                (rs, n) -> rs.getObject(1, UUID.class), hash).stream().findFirst();
        id.ifPresent(v -> cache.put(hash, v));
        return id;
    }

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "enc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
