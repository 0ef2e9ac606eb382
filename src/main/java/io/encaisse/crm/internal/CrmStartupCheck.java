package io.encaisse.crm.internal;

import com.dashjoin.jsonata.Jsonata;
import io.encaisse.crm.CrmProperties;
import io.encaisse.shared.HubProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * With the CRM enabled, the hub refuses to start on a mapping that does not exist or does not compile, or without
 * Salesforce credentials, rather than failing on every push.
 */
@Component
@ConditionalOnProperty(prefix = "encaisse.crm", name = "enabled", havingValue = "true")
class CrmStartupCheck {

    CrmStartupCheck(CrmProperties crm, HubProperties hub, Environment env) {
        checkMapping(hub.mappingsDir().resolve(crm.mapping()));
        List<String> missing = new ArrayList<>();
        for (String key : List.of("client-id")) {
            if (!StringUtils.hasText(env.getProperty("camel.component.salesforce." + key))) {
                missing.add("camel.component.salesforce." + key + " (" + envName(key) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("encaisse.crm.enabled is true but Salesforce is not configured: missing "
                    + String.join(", ", missing));
        }
    }

    static void checkMapping(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("CRM mapping " + file.toAbsolutePath()
                    + " cannot be read (encaisse.hub.mappings-dir + encaisse.crm.mapping): " + e, e);
        }
        try {
            Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException("CRM mapping " + file.toAbsolutePath() + " is not valid JSONata: "
                    + e.getMessage(), e);
        }
    }

    private static String envName(String key) {
        return "CAMEL_COMPONENT_SALESFORCE_" + key.toUpperCase().replace('-', '_');
    }
}
