package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.WebhooksProperties;
import io.encaisse.webhooks.internal.delivery.EndpointGuard;
import io.encaisse.webhooks.internal.delivery.RetrySchedule;
import io.encaisse.webhooks.internal.delivery.WebhookHttpSender;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java delivery core, configured from {@code encaisse.webhooks}: a bad CIDR or schedule fails the start. */
@Configuration(proxyBeanMethods = false)
class WebhooksConfiguration {

    @Bean
    EndpointGuard webhookEndpointGuard(WebhooksProperties props) {
        return EndpointGuard.of(String.join(",", props.allowedNetworks()), props.requireHttps());
    }

    @Bean
    WebhookHttpSender webhookHttpSender(EndpointGuard webhookEndpointGuard, WebhooksProperties props, Clock clock) {
        return new WebhookHttpSender(webhookEndpointGuard, props.requestTimeout(), clock);
    }

    @Bean
    RetrySchedule webhookRetrySchedule(WebhooksProperties props) {
        return RetrySchedule.parse(props.retrySchedule());
    }
}
