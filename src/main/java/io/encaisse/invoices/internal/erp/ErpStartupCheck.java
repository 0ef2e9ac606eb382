package io.encaisse.invoices.internal.erp;

import com.dashjoin.jsonata.Jsonata;
import io.encaisse.invoices.ErpProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.StringUtils;

/**
 * With the Odoo connector enabled, the hub refuses to start without its connection settings or on a mapping that does
 * not exist or does not compile, rather than failing on every poll.
 */
public class ErpStartupCheck {

    public ErpStartupCheck(ErpProperties.Odoo odoo, Path mappingsDir) {
        List<String> missing = new ArrayList<>();
        if (!StringUtils.hasText(odoo.url())) {
            missing.add("encaisse.erp.odoo.url (ENCAISSE_ERP_ODOO_URL)");
        }
        if (!StringUtils.hasText(odoo.database())) {
            missing.add("encaisse.erp.odoo.database (ENCAISSE_ERP_ODOO_DATABASE)");
        }
        if (!StringUtils.hasText(odoo.username())) {
            missing.add("encaisse.erp.odoo.username (ENCAISSE_ERP_ODOO_USERNAME)");
        }
        if (!StringUtils.hasText(odoo.password())) {
            missing.add("encaisse.erp.odoo.password (ENCAISSE_ERP_ODOO_PASSWORD: password or API key, from the environment)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("encaisse.erp.odoo.enabled is true but Odoo is not configured: missing "
                    + String.join(", ", missing));
        }
        URI url;
        try {
            url = URI.create(odoo.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("encaisse.erp.odoo.url is not a URL: " + odoo.url(), e);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalStateException("encaisse.erp.odoo.url must be an http(s) URL: " + odoo.url());
        }
        checkMapping(mappingsDir.resolve(odoo.partnerMapping()), "encaisse.erp.odoo.partner-mapping");
        checkMapping(mappingsDir.resolve(odoo.invoiceMapping()), "encaisse.erp.odoo.invoice-mapping");
    }

    public static void checkMapping(Path file, String property) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ERP mapping " + file.toAbsolutePath() + " cannot be read (encaisse.hub.mappings-dir + "
                    + property + "): " + e, e);
        }
        try {
            Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException("ERP mapping " + file.toAbsolutePath() + " (" + property + ") is not valid JSONata: "
                    + e.getMessage(), e);
        }
    }
}
