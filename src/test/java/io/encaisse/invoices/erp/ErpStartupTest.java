package io.encaisse.invoices.erp;

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

/** Start-up with and without the Odoo connector, each in its own short-lived application (own database, no Odoo at all). */
class ErpStartupTest {

    static ConfigurableApplicationContext run(String database, String... properties) {
        return TestPostgres.isolatedHub(database, properties);
    }

    @Test
    void offByDefaultTheRouteIsNotEvenCreated() {
        try (ConfigurableApplicationContext ctx = run("erp_off")) {
            CamelContext camel = ctx.getBean(CamelContext.class);
            assertThat(camel.getRoute("dunning.send")).as("the other routes are loaded").isNotNull();
            assertThat(camel.getRoute("invoices.odoo-pull")).isNull();
            assertThat(ctx.containsBean("odooPull")).isFalse();
        }
    }

    @Test
    void enabledWithAMappingThatDoesNotLoadStopsTheStartWithItsName() {
        assertThatThrownBy(() -> run("erp_bad_mapping", "encaisse.erp.odoo.enabled=true",
                "encaisse.erp.odoo.url=http://127.0.0.1:9", "encaisse.erp.odoo.database=db", "encaisse.erp.odoo.username=u",
                "encaisse.erp.odoo.password=p", "encaisse.erp.odoo.invoice-mapping=no-such-mapping.jsonata").close())
                .hasStackTraceContaining("ERP mapping").hasStackTraceContaining("no-such-mapping.jsonata cannot be read")
                .hasStackTraceContaining("encaisse.erp.odoo.invoice-mapping");
    }

    @Test
    void theRestConnectorWithAMappingThatDoesNotCompileStopsTheStartWithItsName(@org.junit.jupiter.api.io.TempDir Path mappings)
            throws Exception {
        java.nio.file.Files.writeString(mappings.resolve("rest-customer.jsonata"), "{ \"customerId\": code ");
        java.nio.file.Files.copy(Path.of("mappings", "rest-invoice.jsonata"), mappings.resolve("rest-invoice.jsonata"));
        java.nio.file.Files.copy(Path.of("mappings", "sage100-invoices.profile.properties"),
                mappings.resolve("sage100-invoices.profile.properties"));
        java.nio.file.Files.copy(Path.of("mappings", "sage100-invoice.jsonata"), mappings.resolve("sage100-invoice.jsonata"));
        assertThatThrownBy(() -> run("erp_rest_bad_mapping", "encaisse.hub.mappings-dir=" + mappings,
                "encaisse.erp.rest.enabled=true", "encaisse.erp.rest.base-url=http://127.0.0.1:9/api").close())
                .hasStackTraceContaining("ERP mapping").hasStackTraceContaining("rest-customer.jsonata")
                .hasStackTraceContaining("is not valid JSONata").hasStackTraceContaining("encaisse.erp.rest.customer-mapping");
    }

    @Test
    void aFileProfileWhoseMappingIsMissingStopsTheStartWithItsName(@org.junit.jupiter.api.io.TempDir Path mappings) throws Exception {
        java.nio.file.Files.writeString(mappings.resolve("sage100-invoices.profile.properties"),
                "file-pattern=.*\\.csv\nkind=INVOICE\nmapping=gone.jsonata\n");
        assertThatThrownBy(() -> run("erp_files_bad_mapping", "encaisse.hub.mappings-dir=" + mappings).close())
                .hasStackTraceContaining("gone.jsonata cannot be read")
                .hasStackTraceContaining("mapping in sage100-invoices.profile.properties");
    }
}
