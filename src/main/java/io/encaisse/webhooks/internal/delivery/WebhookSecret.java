package io.encaisse.webhooks.internal.delivery;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A symmetric Standard Webhooks signing secret: 24 to 64 random bytes, rendered as
 * {@code whsec_<base64>}.
 *
 * <p>{@link #toString()} never reveals the key; use {@link #value()} to get the shareable form.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";
    public static final int MIN_BYTES = 24;
    public static final int MAX_BYTES = 64;
    public static final int DEFAULT_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        checkLength(key.length);
        this.key = key.clone();
    }

    /** A new random secret of {@value #DEFAULT_BYTES} bytes. */
    public static WebhookSecret generate() {
        return generate(DEFAULT_BYTES);
    }

    /** A new random secret of {@code lengthBytes} bytes (24 to 64). */
    public static WebhookSecret generate(int lengthBytes) {
        return generate(lengthBytes, RANDOM);
    }

    public static WebhookSecret generate(int lengthBytes, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        checkLength(lengthBytes);
        byte[] key = new byte[lengthBytes];
        random.nextBytes(key);
        return new WebhookSecret(key);
    }

    /**
     * Parses {@code whsec_<base64>}. The prefix is optional (the reference verifiers accept both).
     * The message of the exception never contains the secret itself.
     *
     * @throws IllegalArgumentException if the text is not base64 or the key is not 24 to 64 bytes
     */
    public static WebhookSecret parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Webhook secret is empty");
        }
        String encoded = text.strip();
        if (encoded.startsWith(PREFIX)) {
            encoded = encoded.substring(PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Webhook secret is not valid base64 after the '" + PREFIX + "' prefix");
        }
        try {
            return new WebhookSecret(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Wraps raw key bytes (copied). */
    public static WebhookSecret ofBytes(byte[] key) {
        Objects.requireNonNull(key, "key");
        return new WebhookSecret(key);
    }

    private static void checkLength(int length) {
        if (length < MIN_BYTES || length > MAX_BYTES) {
            throw new IllegalArgumentException("Webhook secret must be " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes after base64 decoding, got " + length + " bytes");
        }
    }

    /** The shareable form {@code whsec_<base64>}. Treat as sensitive. */
    public String value() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A copy of the raw key bytes. */
    public byte[] keyBytes() {
        return key.clone();
    }

    public int lengthBytes() {
        return key.length;
    }

    /** Package-private: the key without a copy, for the signer only. */
    byte[] rawKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never reveals the key. */
    @Override
    public String toString() {
        return PREFIX + "****";
    }
}
