package io.encaisse.invoices.internal.erp.files;

import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.Receivables;
import io.encaisse.shared.HubProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ERP file connector's beans, with {@code encaisse.erp.files.enabled} (on by default). Every profile and its mapping
 * is loaded here: one that does not load stops the start-up with its file name, not the first file.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "encaisse.erp.files", name = "enabled", havingValue = "true", matchIfMissing = true)
class FilesConfiguration {

    @Bean("erpFileImport")
    ErpFileImporter erpFileImport(ErpProperties erp, HubProperties hub, Receivables receivables, ErpFileImportStore store,
            Clock clock) {
        List<FileProfile> profiles = erp.files().profiles().stream().map(p -> FileProfile.load(hub.mappingsDir(), p)).toList();
        return new ErpFileImporter(profiles, receivables, store, clock);
    }
}
