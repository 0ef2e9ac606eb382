package io.encaisse.crm;

import io.encaisse.support.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.encaisse.EncaisseApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up with and without the CRM, each in its own short-lived application (own database, no Salesforce at all).
 * All routes from routes/ load, as in production.
 */
class CrmStartupTest {

    static ConfigurableApplicationContext run(String database, String... properties) {
        return TestPostgres.isolatedHub(database, properties);
    }

    @Test
    void localModeBootsWithoutAnySalesforceSettingAndNeverStartsTheSalesforceComponent() {
        try (ConfigurableApplicationContext ctx = run("crm_off")) {
            CamelContext camel = ctx.getBean(CamelContext.class);
            assertThat(camel.getRoute("dunning.send")).as("the other routes are loaded").isNotNull();
            assertThat(camel.getRoute("crm.push")).isNull();
            assertThat(camel.getRoute("crm.refresh")).isNull();
            assertThat(camel.hasComponent("salesforce")).isNull();
        }
    }

    @Test
    void aMissingMappingStopsTheStartWithItsName() {
        assertThatThrownBy(() -> run("crm_bad_mapping", "encaisse.crm.enabled=true",
                "encaisse.crm.mapping=no-such-mapping.jsonata",
                "camel.component.salesforce.client-id=x").close())
                .hasStackTraceContaining("CRM mapping").hasStackTraceContaining("no-such-mapping.jsonata cannot be read");
    }

    @Test
    void enabledWithoutSalesforceCredentialsStopsTheStart() {
        assertThatThrownBy(() -> run("crm_no_credentials", "encaisse.crm.enabled=true").close())
                .hasStackTraceContaining("Salesforce is not configured").hasStackTraceContaining("CAMEL_COMPONENT_SALESFORCE_CLIENT_ID");
    }
}
