package io.encaisse.crm.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrmStartupCheckTest {

    @Test
    void theShippedMappingCompiles() {
        assertThatCode(() -> CrmStartupCheck.checkMapping(Path.of("mappings", "salesforce-account.jsonata")))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingMappingIsNamedInTheFailure(@TempDir Path dir) {
        assertThatThrownBy(() -> CrmStartupCheck.checkMapping(dir.resolve("nope.jsonata")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nope.jsonata").hasMessageContaining("cannot be read");
    }

    @Test
    void aMappingThatDoesNotCompileIsNamedInTheFailure(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonata"), "{ \"Name\": name, ");
        assertThatThrownBy(() -> CrmStartupCheck.checkMapping(bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.jsonata").hasMessageContaining("not valid JSONata");
    }
}
