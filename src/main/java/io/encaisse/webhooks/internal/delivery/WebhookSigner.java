package io.encaisse.webhooks.internal.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 (HMAC-SHA256) signer. The signed content is
 * {@code msgId + "." + timestampSeconds + "." + body}, where the body is the exact bytes sent.
 * Stateless and thread-safe.
 */
public final class WebhookSigner {

    public static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    /** Returns {@code v1,<base64 HMAC-SHA256>}. */
    public String sign(WebhookSecret secret, String msgId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        byte[] content = signedContent(msgId, timestampSeconds, body);
        return VERSION + "," + Base64.getEncoder().encodeToString(hmac(secret, content));
    }

    /**
     * Signs with every secret (key rotation: the new and the old key during the grace period)
     * and returns the space-separated list the {@code webhook-signature} header carries.
     */
    public String sign(List<WebhookSecret> secrets, String msgId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is needed to sign");
        }
        byte[] content = signedContent(msgId, timestampSeconds, body);
        StringBuilder header = new StringBuilder();
        for (WebhookSecret secret : secrets) {
            Objects.requireNonNull(secret, "secrets must not contain null");
            if (header.length() > 0) {
                header.append(' ');
            }
            header.append(VERSION).append(',').append(Base64.getEncoder().encodeToString(hmac(secret, content)));
        }
        return header.toString();
    }

    /** The id is a header value and part of the signed content, so it is checked strictly. */
    static void validateMsgId(String msgId) {
        if (msgId == null || msgId.isEmpty()) {
            throw new IllegalArgumentException("Webhook message id is empty");
        }
        for (int i = 0; i < msgId.length(); i++) {
            char c = msgId.charAt(i);
            if (c == '.') {
                throw new IllegalArgumentException("Webhook message id must not contain '.' (it delimits the signed content)");
            }
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "Webhook message id must be printable ASCII without spaces, found code point " + (int) c);
            }
        }
    }

    private static byte[] signedContent(String msgId, long timestampSeconds, byte[] body) {
        validateMsgId(msgId);
        Objects.requireNonNull(body, "body");
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("Webhook timestamp must not be negative: " + timestampSeconds);
        }
        byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(WebhookSecret secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.rawKey(), ALGORITHM));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
