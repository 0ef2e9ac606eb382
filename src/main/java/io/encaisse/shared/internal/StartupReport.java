package io.encaisse.shared.internal;

import io.encaisse.shared.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the hub where everything is and how to call it. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final Environment env;
    private final HubProperties hub;

    StartupReport(Environment env, HubProperties hub) {
        this.env = env;
        this.hub = hub;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        boolean embedded = env.getProperty("spring.datasource.url", "").isEmpty();
        String key = env.getProperty("encaisse.api.bootstrap-key", "").isBlank()
                ? "the key in " + env.getProperty("encaisse.api.local-key-file") + " (generated on first start)"
                : "the key in HUB_API_KEY";
        log.info("""

                ──────────────── Encaisse is running ────────────────
                  API          http://localhost:{}/api/v1  (Authorization: Bearer <{}>)
                  Contract     openapi/encaisse.yaml
                  Database     {}
                  Bank inbox   {}
                  ERP files    {}
                  ERP pull     {}
                  Payments out {}
                  Reminders    {}
                  CRM sync     {}
                  Data folder  {}
                  Try          curl -H "Authorization: Bearer $(cat {})" http://localhost:{}/api/v1/bank-statements
                ─────────────────────────────────────────────────────""",
                port, key,
                embedded ? "embedded PostgreSQL in " + hub.dataDir().resolve("postgres").toAbsolutePath().normalize()
                        : env.getProperty("spring.datasource.url"),
                redact(env.getProperty("encaisse.bank.inbox-uri")),
                env.getProperty("encaisse.erp.files.enabled", Boolean.class, true)
                        ? redact(env.getProperty("encaisse.erp.files.inbox-uri")) : "off",
                erpPull(),
                env.getProperty("encaisse.erp.payments-out.connector", "none"),
                redact(env.getProperty("encaisse.dunning.mail-uri")),
                env.getProperty("encaisse.crm.enabled", Boolean.class, false) ? "on (Salesforce)" : "off (set encaisse.crm.enabled and Salesforce credentials)",
                hub.dataDir().toAbsolutePath().normalize(),
                env.getProperty("encaisse.api.local-key-file"), port);
    }

    private String erpPull() {
        java.util.List<String> on = new java.util.ArrayList<>();
        if (env.getProperty("encaisse.erp.odoo.enabled", Boolean.class, false)) {
            on.add("Odoo " + env.getProperty("encaisse.erp.odoo.url"));
        }
        if (env.getProperty("encaisse.erp.rest.enabled", Boolean.class, false)) {
            on.add("REST " + env.getProperty("encaisse.erp.rest.base-url"));
        }
        return on.isEmpty() ? "off (the ERP pushes to the API, or enable encaisse.erp.odoo / encaisse.erp.rest)" : String.join(", ", on);
    }

    /** Endpoint URIs can carry passwords: never log them. */
    static String redact(String uri) {
        return uri == null ? null : uri.replaceAll("(?i)(password|passphrase|secret)=[^&]*", "$1=****");
    }
}
