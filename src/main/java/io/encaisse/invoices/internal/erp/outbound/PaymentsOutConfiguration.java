package io.encaisse.invoices.internal.erp.outbound;

import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.ErpProperties.PaymentsOut.Connector;
import io.encaisse.invoices.internal.LedgerMoney;
import io.encaisse.invoices.internal.erp.ErpStartupCheck;
import io.encaisse.invoices.internal.erp.OdooClient;
import io.encaisse.shared.HubProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The payment applications' connector, chosen by {@code encaisse.erp.payments-out.connector}. The hub refuses to start
 * with a connector that lacks its settings or whose mapping does not load.
 */
@Configuration(proxyBeanMethods = false)
class PaymentsOutConfiguration {

    @Bean("erpPaymentsOut")
    PaymentApplicationsOut erpPaymentsOut(PaymentApplicationStore store, LedgerMoney ledger, Clock clock, TransactionTemplate tx,
            ErpProperties erp, HubProperties hub) {
        return new PaymentApplicationsOut(store, connector(erp, hub.mappingsDir()), ledger, clock, tx, erp.paymentsOut());
    }

    static PaymentConnector connector(ErpProperties erp, Path mappingsDir) {
        Connector which = erp.paymentsOut().connector();
        return switch (which) {
            case NONE -> null;
            case ODOO -> {
                ErpProperties.Odoo odoo = erp.odoo();
                if (!StringUtils.hasText(odoo.url()) || !StringUtils.hasText(odoo.database()) || !StringUtils.hasText(odoo.username())
                        || !StringUtils.hasText(odoo.password())) {
                    throw new IllegalStateException("encaisse.erp.payments-out.connector is odoo but the Odoo connection is not "
                            + "configured: set encaisse.erp.odoo.url, database, username and ENCAISSE_ERP_ODOO_PASSWORD");
                }
                yield new OdooPaymentConnector(new OdooClient(odoo), erp.paymentsOut().odooJournalId());
            }
            case REST -> {
                ErpProperties.RestOut rest = erp.paymentsOut().rest();
                if (!StringUtils.hasText(rest.url())) {
                    throw new IllegalStateException("encaisse.erp.payments-out.connector is rest but "
                            + "encaisse.erp.payments-out.rest.url (ENCAISSE_ERP_PAYMENTS_OUT_REST_URL) is not set");
                }
                String scheme = URI.create(rest.url()).getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    throw new IllegalStateException("encaisse.erp.payments-out.rest.url must be an http(s) URL: " + rest.url());
                }
                Path mapping = mappingsDir.resolve(rest.mapping());
                ErpStartupCheck.checkMapping(mapping, "encaisse.erp.payments-out.rest.mapping");
                try {
                    yield new RestPaymentConnector(rest, Files.readString(mapping, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
