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
 * @param rest the generic REST/JSON pull connector
 * @param files CSV files dropped by the ERP (folder or SFTP)
 * @param paymentsOut where the hub posts the payment applications it makes (route invoices.erp-payments-out)
 */
@Validated
@ConfigurationProperties("encaisse.erp")
public record ErpProperties(@DefaultValue @NotNull @Valid Odoo odoo, @DefaultValue @NotNull @Valid Rest rest,
        @DefaultValue @NotNull @Valid Files files,
        @DefaultValue @NotNull @Valid PaymentsOut paymentsOut) {

    /** How the generic REST connector walks through a result set. */
    public enum Pagination {
        /** {@code page} and {@code limit} query parameters (page numbers from {@code first-page}) */
        PAGE,
        /** the body's {@code next-field} holds the URL of the next page (absent, null or empty at the end) */
        NEXT_LINK
    }

    /**
     * The generic REST ERP pull connector (route invoices.rest-pull, routes/erp-rest.yaml). The ERP answers
     * {@code GET {base-url}{customers-path}?{updated-since-param}=<ISO-8601 UTC>&{page-param}=n&{limit-param}=m} with its
     * records sorted by updated-at then id, ascending.
     *
     * @param enabled pull from the ERP (ENCAISSE_ERP_REST_ENABLED); off by default; when off the route is not created
     * @param baseUrl e.g. https://erp.example.com/api/v2
     * @param customersPath path of the customers collection, e.g. /customers
     * @param invoicesPath path of the invoices collection, e.g. /invoices
     * @param authHeader the header that carries the credentials (Authorization, X-Api-Key, ...)
     * @param authValue its value, e.g. "Bearer <token>": from the environment only (ENCAISSE_ERP_REST_AUTH_VALUE)
     * @param pagination PAGE or NEXT_LINK
     * @param updatedSinceParam query parameter of the "updated since" filter
     * @param pageParam query parameter of the page number (PAGE)
     * @param limitParam query parameter of the page size (PAGE, and the first request with NEXT_LINK)
     * @param firstPage number of the first page (1 or 0)
     * @param pageSize records per page
     * @param extraQuery fixed query string added to every first request, e.g. sort=updated_at,id
     * @param recordsField the body's field holding the records (empty: the body is the array)
     * @param nextField the body's field holding the next page's URL (NEXT_LINK)
     * @param idField each record's numeric id
     * @param updatedAtField each record's last-change timestamp (ISO-8601, with an offset or UTC)
     * @param sinceOverlap how far before the cursor the filter asks (the ERP's filter may be exclusive or truncate;
     *        records at or before the cursor are dropped, so an overlap never applies anything twice)
     * @param pollEvery pause between two polls (Camel duration)
     * @param requestTimeout how long one request may take
     * @param maxRetryAfter the longest Retry-After (429/503) the connector waits for in place; longer is a failed poll
     * @param customerMapping file name in {@code encaisse.hub.mappings-dir}: ERP customer -> canonical customer
     * @param invoiceMapping file name in {@code encaisse.hub.mappings-dir}: ERP invoice -> canonical invoice
     */
    public record Rest(
            @DefaultValue("false") boolean enabled,
            String baseUrl,
            @DefaultValue("/customers") @NotBlank String customersPath,
            @DefaultValue("/invoices") @NotBlank String invoicesPath,
            @DefaultValue("Authorization") @NotBlank String authHeader,
            String authValue,
            @DefaultValue("PAGE") @NotNull Pagination pagination,
            @DefaultValue("updated_since") @NotBlank String updatedSinceParam,
            @DefaultValue("page") @NotBlank String pageParam,
            @DefaultValue("limit") @NotBlank String limitParam,
            @DefaultValue("1") @Min(0) @Max(1) int firstPage,
            @DefaultValue("200") @Min(1) @Max(5000) int pageSize,
            @DefaultValue("") String extraQuery,
            @DefaultValue("data") String recordsField,
            @DefaultValue("next") String nextField,
            @DefaultValue("id") @NotBlank String idField,
            @DefaultValue("updated_at") @NotBlank String updatedAtField,
            @DefaultValue("PT0S") @NotNull Duration sinceOverlap,
            @DefaultValue("1m") @NotBlank String pollEvery,
            @DefaultValue("PT30S") @NotNull Duration requestTimeout,
            @DefaultValue("PT2M") @NotNull Duration maxRetryAfter,
            @DefaultValue("rest-customer.jsonata") @NotBlank String customerMapping,
            @DefaultValue("rest-invoice.jsonata") @NotBlank String invoiceMapping) {

        @Override
        public String toString() {
            return "Rest[enabled=" + enabled + ", baseUrl=" + baseUrl + ", authHeader=" + authHeader + ", authValue="
                    + (authValue == null ? "unset" : "***") + ", pagination=" + pagination + ", pageSize=" + pageSize
                    + ", customerMapping=" + customerMapping + ", invoiceMapping=" + invoiceMapping + "]";
        }
    }

    /**
     * CSV files the ERP drops (route invoices.erp-files, routes/erp-files.yaml).
     *
     * @param enabled pick files up at all (on by default: local mode's {@code <data-dir>/erp-inbox})
     * @param inboxUri where files are picked up (file: or sftp:)
     * @param doneUri where imported files go, with their {@code .report.json}
     * @param errorUri where files that could not be read go, with their {@code .report.json}
     * @param profiles file profiles in {@code encaisse.hub.mappings-dir} ({@code *.profile.properties}), tried in order:
     *        the first whose {@code file-pattern} matches the file's name reads it
     */
    public record Files(
            @DefaultValue("true") boolean enabled,
            String inboxUri,
            String doneUri,
            String errorUri,
            @DefaultValue("sage100-invoices.profile.properties") @NotNull java.util.List<@NotBlank String> profiles) {
    }

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
            @DefaultValue @NotNull @Valid RestOut rest) {

        public enum Connector { NONE, ODOO, REST }
    }

    /**
     * @param url where payment applications are POSTed (APPLY and REVERSE, the mapped body says which)
     * @param authHeader the header carrying the credential
     * @param authValue its value, e.g. "Bearer ...": from the environment only (ENCAISSE_ERP_PAYMENTS_OUT_REST_AUTH_VALUE)
     * @param mapping file name, in {@code encaisse.hub.mappings-dir}, of the JSONata mapping application -> request body
     * @param requestTimeout how long one call may take
     */
    public record RestOut(
            String url,
            @DefaultValue("Authorization") @NotBlank String authHeader,
            String authValue,
            @DefaultValue("rest-payment-application.jsonata") @NotBlank String mapping,
            @DefaultValue("PT30S") @NotNull Duration requestTimeout) {

        @Override
        public String toString() {
            return "RestOut[url=" + url + ", authHeader=" + authHeader + ", authValue=" + (authValue == null ? "unset" : "***")
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
