package io.encaisse.invoices;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * ERP connectors that pull customers and invoices into the ledger (module {@code invoices}).
 *
 * @param odoo the Odoo connector (external JSON-RPC API)
 */
@Validated
@ConfigurationProperties("encaisse.erp")
public record ErpProperties(@DefaultValue @NotNull @Valid Odoo odoo) {

    /**
     * @param enabled pull from Odoo at all (ENCAISSE_ERP_ODOO_ENABLED); off by default and in local mode. When off, route
     *        invoices.odoo-pull is not even created.
     * @param url the Odoo server, e.g. https://mycompany.odoo.com (the connector posts to {@code {url}/jsonrpc})
     * @param database the Odoo database name
     * @param username the login of the integration user
     * @param password that user's password or, better, an API key: from the environment only
     *        ({@code ENCAISSE_ERP_ODOO_PASSWORD})
     * @param pageSize records per search_read page
     * @param pollEvery pause between two polls (Camel duration: 30s, 5m)
     * @param requestTimeout how long one JSON-RPC call may take
     * @param partnerMapping file name, in {@code encaisse.hub.mappings-dir}, of the JSONata mapping res.partner -> customer
     * @param invoiceMapping file name, in {@code encaisse.hub.mappings-dir}, of the JSONata mapping account.move -> invoice
     */
    public record Odoo(
            @DefaultValue("false") boolean enabled,
            String url,
            String database,
            String username,
            String password,
            @DefaultValue("200") @Min(1) @Max(5000) int pageSize,
            @DefaultValue("1m") @NotBlank String pollEvery,
            @DefaultValue("PT60S") @NotNull Duration requestTimeout,
            @DefaultValue("odoo-partner.jsonata") @NotBlank String partnerMapping,
            @DefaultValue("odoo-invoice.jsonata") @NotBlank String invoiceMapping) {

        @Override
        public String toString() {
            return "Odoo[enabled=" + enabled + ", url=" + url + ", database=" + database + ", username=" + username
                    + ", password=" + (password == null ? "unset" : "***") + ", pageSize=" + pageSize + ", pollEvery="
                    + pollEvery + ", partnerMapping=" + partnerMapping + ", invoiceMapping=" + invoiceMapping + "]";
        }
    }
}
