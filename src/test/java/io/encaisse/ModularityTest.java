package io.encaisse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/** The module boundaries are a test: no module reaches into another's internals, no cycles. */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(EncaisseApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void theEightCapabilitiesAreModules() {
        assertThat(modules.stream().map(ApplicationModule::getName))
                .containsExactlyInAnyOrder("shared", "bank", "invoices", "reconciliation", "crm", "dunning", "webhooks", "api");
    }
}
