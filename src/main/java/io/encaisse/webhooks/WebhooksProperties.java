package io.encaisse.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param pollEvery how often due deliveries are claimed and sent (Camel duration: 2s, 1m)
 * @param requestTimeout how long one attempt may wait for the receiver's answer (after a 5 s connect timeout)
 * @param retrySchedule delays after each failed attempt, e.g. {@code 5s,5m,30m,2h,5h,10h,14h,20h,24h}
 * @param allowedNetworks CIDRs a webhook URL may reach although the SSRF guard blocks them (loopback in local mode)
 * @param requireHttps refuse plain-http webhook URLs
 * @param secretRotationGrace how long a rotated-out secret keeps signing beside the new one (default 24 h)
 */
@Validated
@ConfigurationProperties("encaisse.webhooks")
public record WebhooksProperties(
        @NotBlank String pollEvery,
        @NotNull Duration requestTimeout,
        @NotBlank String retrySchedule,
        List<String> allowedNetworks,
        boolean requireHttps,
        Duration secretRotationGrace) {

    public WebhooksProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        secretRotationGrace = secretRotationGrace == null ? Duration.ofHours(24) : secretRotationGrace;
        if (secretRotationGrace.isNegative() || secretRotationGrace.compareTo(WebhookSubscriptions.MAX_ROTATION_GRACE) > 0) {
            throw new IllegalArgumentException("encaisse.webhooks.secret-rotation-grace must be between 0 and "
                    + WebhookSubscriptions.MAX_ROTATION_GRACE + ": " + secretRotationGrace);
        }
    }
}
