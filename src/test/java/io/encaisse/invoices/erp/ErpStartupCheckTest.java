package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.internal.erp.ErpStartupCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An enabled connector without its settings, or with a mapping that does not load, stops the start with a clear message. */
class ErpStartupCheckTest {

    static ErpProperties.Odoo odoo(String password, String partnerMapping) {
        return new ErpProperties.Odoo(true, "https://erp.example.com", "prod", "integration", password, 200, "1m",
                Duration.ofSeconds(60), partnerMapping, "odoo-invoice.jsonata");
    }

    @Test
    void theShippedMappingsLoad() {
        assertThatCode(() -> new ErpStartupCheck(odoo("key", "odoo-partner.jsonata"), Path.of("mappings"))).doesNotThrowAnyException();
    }

    @Test
    void withoutThePasswordItNamesTheVariable() {
        assertThatThrownBy(() -> new ErpStartupCheck(odoo(null, "odoo-partner.jsonata"), Path.of("mappings")))
                .hasMessageContaining("Odoo is not configured").hasMessageContaining("ENCAISSE_ERP_ODOO_PASSWORD");
    }

    @Test
    void aMissingMappingIsNamed() {
        assertThatThrownBy(() -> new ErpStartupCheck(odoo("key", "no-such.jsonata"), Path.of("mappings")))
                .hasMessageContaining("ERP mapping").hasMessageContaining("no-such.jsonata cannot be read")
                .hasMessageContaining("encaisse.erp.odoo.partner-mapping");
    }

    @Test
    void aMappingThatDoesNotCompileIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("mappings/odoo-invoice.jsonata"), dir.resolve("odoo-invoice.jsonata"));
        Files.writeString(dir.resolve("broken.jsonata"), "{ \"name\": name, ");
        assertThatThrownBy(() -> new ErpStartupCheck(odoo("key", "broken.jsonata"), dir))
                .hasMessageContaining("broken.jsonata (encaisse.erp.odoo.partner-mapping) is not valid JSONata");
    }
}
