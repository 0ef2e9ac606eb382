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
 * @param paymentsOut where the hub posts the payment applications it makes (route invoices.erp-payments-out)
 */
@Validated
@ConfigurationProperties("encaisse.erp")
public record ErpProperties(@DefaultValue @NotNull @Valid Odoo odoo, @DefaultValue @NotNull @Valid PaymentsOut paymentsOut) {

    /**
     * @param connector which ERP receives payment applications: NONE (default, local mode: nothing is recorded), ODOO
     *        (registers payments through the encaisse.erp.odoo connection) or REST (posts to {@code rest.url})
     * @param sendEvery how often route invoices.erp-payments-out looks for applications to send (Camel duration)
     * @param retrySchedule the pauses between attempts when the ERP is unavailable; once used up the application is FAILED
     * @param lease how long an application being sent is held from other senders (longer than an ERP call)
     * @param batchSize applications sent per round
     * @param odooJournalId the Odoo bank journal to register payments in (null: Odoo's default bank journal)
     */
    public record PaymentsOut(
            @DefaultValue("none") @NotNull Connector connector,
            @DefaultValue("5s") @NotBlank String sendEvery,
            @DefaultValue({"10s", "1m", "5m", "30m", "2h", "6h", "12h", "24h"}) @NotNull @jakarta.validation.constraints.Size(min = 1)
            java.util.List<@NotNull Duration> retrySchedule,
            @DefaultValue("PT5M") @NotNull Duration lease,
            @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
            Long odooJournalId,
            @DefaultValue @NotNull @Valid Rest rest) {

        public enum Connector { NONE, ODOO, REST }
    }

    /**
     * @param url where payment applications are POSTed (APPLY and REVERSE, the mapped body says which)
     * @param authHeader the header carrying the credential
     * @param authValue its value, e.g. "Bearer ...": from the environment only (ENCAISSE_ERP_PAYMENTS_OUT_REST_AUTH_VALUE)
     * @param mapping file name, in {@code encaisse.hub.mappings-dir}, of the JSONata mapping application -> request body
     * @param requestTimeout how long one call may take
     */
    public record Rest(
            String url,
            @DefaultValue("Authorization") @NotBlank String authHeader,
            String authValue,
            @DefaultValue("rest-payment-application.jsonata") @NotBlank String mapping,
            @DefaultValue("PT30S") @NotNull Duration requestTimeout) {

        @Override
        public String toString() {
            return "Rest[url=" + url + ", authHeader=" + authHeader + ", authValue=" + (authValue == null ? "unset" : "***")
                    + ", mapping=" + mapping + ", requestTimeout=" + requestTimeout + "]";
        }
    }

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
