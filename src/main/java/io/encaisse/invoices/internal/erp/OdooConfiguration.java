package io.encaisse.invoices.internal.erp;

import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.Receivables;
import io.encaisse.shared.HubProperties;
import java.time.Clock;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Odoo connector's beans, only with {@code encaisse.erp.odoo.enabled=true}. Created before them, the start-up
 * check refuses a connector without its settings or with a mapping that does not load.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "encaisse.erp.odoo", name = "enabled", havingValue = "true")
class OdooConfiguration {

    @Bean
    ErpStartupCheck erpStartupCheck(ErpProperties erp, HubProperties hub) {
        return new ErpStartupCheck(erp.odoo(), hub.mappingsDir());
    }

    @Bean
    OdooClient odooClient(ErpStartupCheck checked, ErpProperties erp) {
        return new OdooClient(erp.odoo());
    }

    /** The split in routes/erp.yaml gathers the mapped records of a page back into one list, in page order. */
    @Bean("erpMappedRecords")
    GroupedBodyAggregationStrategy erpMappedRecords() {
        return new GroupedBodyAggregationStrategy();
    }

    @Bean("odooPull")
    OdooPull odooPull(OdooClient client, ErpSyncStore store, Receivables receivables, Clock clock, ErpProperties erp) {
        return new OdooPull(client, store, receivables, clock, erp.odoo());
    }
}
