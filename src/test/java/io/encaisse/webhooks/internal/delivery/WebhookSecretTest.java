package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {

    @Test
    void generatesDefault32BytesWithPrefix() {
        WebhookSecret s = WebhookSecret.generate();
        assertThat(s.lengthBytes()).isEqualTo(32);
        assertThat(s.value()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(s.value().substring(6))).hasSize(32);
        assertThat(WebhookSecret.generate()).isNotEqualTo(s);
    }

    @Test
    void generatesWithinBoundsOnly() {
        assertThat(WebhookSecret.generate(24).lengthBytes()).isEqualTo(24);
        assertThat(WebhookSecret.generate(64).lengthBytes()).isEqualTo(64);
        assertThatThrownBy(() -> WebhookSecret.generate(23)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 to 64 bytes");
        assertThatThrownBy(() -> WebhookSecret.generate(65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRoundTripsWithAndWithoutPrefix() {
        WebhookSecret s = WebhookSecret.generate(40);
        assertThat(WebhookSecret.parse(s.value())).isEqualTo(s);
        assertThat(WebhookSecret.parse(s.value().substring(6))).isEqualTo(s);
        assertThat(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").lengthBytes()).isEqualTo(24);
    }

    @Test
    void parseRejectsBadLengthAndBadBase64WithoutEchoingTheSecret() {
        String short23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        String long65 = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);
        assertThatThrownBy(() -> WebhookSecret.parse(short23)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 23 bytes").hasMessageNotContaining(short23.substring(6));
        assertThatThrownBy(() -> WebhookSecret.parse(long65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 65 bytes");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> WebhookSecret.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSecret.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesTheSecret() {
        WebhookSecret s = WebhookSecret.generate();
        assertThat(s.toString()).isEqualTo("whsec_****");
        assertThat(String.valueOf(s)).doesNotContain(s.value().substring(6));
    }

    @Test
    void keyBytesAreDefensiveCopies() {
        WebhookSecret s = WebhookSecret.generate();
        byte[] k = s.keyBytes();
        k[0] ^= 1;
        assertThat(s.keyBytes()).isNotEqualTo(k);
    }
}
