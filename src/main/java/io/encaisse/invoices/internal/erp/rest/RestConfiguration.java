package io.encaisse.invoices.internal.erp.rest;

import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.internal.erp.ErpStartupCheck;
import io.encaisse.invoices.internal.erp.ErpSyncStore;
import io.encaisse.shared.HubProperties;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The generic REST connector's beans, only with {@code encaisse.erp.rest.enabled=true}. The start-up check, created
 * first, refuses a connector without its URL or with a mapping that does not load.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "encaisse.erp.rest", name = "enabled", havingValue = "true")
class RestConfiguration {

    /** Marker: the REST connector's settings and mappings were checked. */
    record RestChecked() {
    }

    @Bean
    RestChecked restStartupCheck(ErpProperties erp, HubProperties hub) {
        ErpProperties.Rest rest = erp.rest();
        List<String> problems = new ArrayList<>();
        if (!StringUtils.hasText(rest.baseUrl())) {
            problems.add("encaisse.erp.rest.base-url (ENCAISSE_ERP_REST_BASE_URL) is missing");
        } else {
            try {
                String scheme = URI.create(rest.baseUrl()).getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    problems.add("encaisse.erp.rest.base-url must be an http(s) URL: " + rest.baseUrl());
                }
            } catch (IllegalArgumentException e) {
                problems.add("encaisse.erp.rest.base-url is not a URL: " + rest.baseUrl());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("encaisse.erp.rest.enabled is true but: " + String.join("; ", problems));
        }
        ErpStartupCheck.checkMapping(hub.mappingsDir().resolve(rest.customerMapping()), "encaisse.erp.rest.customer-mapping");
        ErpStartupCheck.checkMapping(hub.mappingsDir().resolve(rest.invoiceMapping()), "encaisse.erp.rest.invoice-mapping");
        return new RestChecked();
    }

    @Bean
    RestErpClient restErpClient(RestChecked checked, ErpProperties erp, Clock clock) {
        return new RestErpClient(erp.rest(), clock);
    }

    /** The split in routes/erp-rest.yaml gathers the mapped records of a page back into one list, in page order. */
    @Bean("erpRestMappedRecords")
    GroupedBodyAggregationStrategy erpRestMappedRecords() {
        return new GroupedBodyAggregationStrategy();
    }

    @Bean("restPull")
    RestPull restPull(RestErpClient client, ErpSyncStore store, Receivables receivables, Clock clock, ErpProperties erp) {
        return new RestPull(client, store, receivables, clock, erp.rest());
    }
}
