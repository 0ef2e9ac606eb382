package io.encaisse.shared.internal;

import io.encaisse.shared.HubProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** The one clock of the hub, in the business zone so that LocalDate.now(clock) is the business date. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock(HubProperties hub) {
        return Clock.system(hub.zone());
    }
}
