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
 */
@Validated
@ConfigurationProperties("encaisse.webhooks")
public record WebhooksProperties(
        @NotBlank String pollEvery,
        @NotNull Duration requestTimeout,
        @NotBlank String retrySchedule,
        List<String> allowedNetworks,
        boolean requireHttps) {

    public WebhooksProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }
}
