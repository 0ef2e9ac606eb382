package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String KAT_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String KAT_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long KAT_TS = 1614265330L;
    private static final String KAT_BODY = "{\"test\": 2432232314}";
    private static final String KAT_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final WebhookSigner signer = new WebhookSigner();

    @Test
    void knownAnswerVector() throws Exception {
        String sig = signer.sign(WebhookSecret.parse(KAT_SECRET), KAT_ID, KAT_TS, KAT_BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(sig).isEqualTo(KAT_SIGNATURE);
        // and the reference library agrees
        assertThat(new Webhook(KAT_SECRET).sign(KAT_ID, KAT_TS, KAT_BODY)).isEqualTo(KAT_SIGNATURE);
    }

    @Test
    void referenceVerifierAcceptsOurSignature() {
        WebhookSecret secret = WebhookSecret.generate();
        String body = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\",\"note\":\"d\u00e9j\u00e0 pay\u00e9 \u20ac\"}}";
        long now = Instant.now().getEpochSecond();
        String sig = signer.sign(secret, "msg_1", now, body.getBytes(StandardCharsets.UTF_8));

        assertThatCode(() -> new Webhook(secret.value()).verify(body, headers("msg_1", now, sig)))
                .doesNotThrowAnyException();
    }

    @Test
    void rotationSignsWithEverySecretAndEitherVerifies() {
        WebhookSecret oldSecret = WebhookSecret.generate(24);
        WebhookSecret newSecret = WebhookSecret.generate(64);
        String body = "{\"type\":\"payment.received\"}";
        long now = Instant.now().getEpochSecond();
        String header = signer.sign(List.of(newSecret, oldSecret), "msg_rot", now, body.getBytes(StandardCharsets.UTF_8));

        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2).allMatch(p -> p.startsWith("v1,"));
        assertThat(parts[0]).isEqualTo(signer.sign(newSecret, "msg_rot", now, body.getBytes(StandardCharsets.UTF_8)));
        assertThatCode(() -> new Webhook(oldSecret.value()).verify(body, headers("msg_rot", now, header)))
                .doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(newSecret.value()).verify(body, headers("msg_rot", now, header)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(WebhookSecret.generate().value()).verify(body, headers("msg_rot", now, header)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void tamperedBodyOrIdOrTimestampIsRejectedByTheVerifier() {
        WebhookSecret secret = WebhookSecret.generate();
        String body = "{\"amount\":100}";
        long now = Instant.now().getEpochSecond();
        String sig = signer.sign(secret, "msg_t", now, body.getBytes(StandardCharsets.UTF_8));
        Webhook verifier = new Webhook(secret.value());

        assertThatThrownBy(() -> verifier.verify("{\"amount\":1000}", headers("msg_t", now, sig)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(body, headers("msg_u", now, sig)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(body, headers("msg_t", now - 1, sig)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void rejectsBadInput() {
        WebhookSecret secret = WebhookSecret.generate();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> signer.sign(secret, "msg.1", 1L, body))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'.'");
        assertThatThrownBy(() -> signer.sign(secret, "", 1L, body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign(secret, "msg 1", 1L, body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign(secret, "msg\r\nx: y", 1L, body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign(secret, "msg_1", -1L, body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign(List.of(), "msg_1", 1L, body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signsRawBytesNotAReencodedString() {
        // bytes that are not valid UTF-8 must still be signed as-is
        WebhookSecret secret = WebhookSecret.parse(KAT_SECRET);
        byte[] a = {'{', (byte) 0xC3, '}'};
        byte[] b = {'{', (byte) 0xC4, '}'};
        assertThat(signer.sign(secret, "m", 1L, a)).isNotEqualTo(signer.sign(secret, "m", 1L, b));
    }

    static Map<String, List<String>> headers(String id, long ts, String signature) {
        return Map.of("webhook-id", List.of(id),
                "webhook-timestamp", List.of(Long.toString(ts)),
                "webhook-signature", List.of(signature));
    }
}
