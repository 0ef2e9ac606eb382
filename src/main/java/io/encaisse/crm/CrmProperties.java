package io.encaisse.crm;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pushing each customer's receivable position to the CRM (Salesforce Account, upsert by external id).
 * <p>
 * The Salesforce connection is not configured here but only through the standard camel-salesforce properties,
 * normally from the environment (Spring relaxed binding):
 * {@code CAMEL_COMPONENT_SALESFORCE_LOGIN_URL}, {@code CAMEL_COMPONENT_SALESFORCE_CLIENT_ID},
 * {@code CAMEL_COMPONENT_SALESFORCE_CLIENT_SECRET}, {@code CAMEL_COMPONENT_SALESFORCE_USER_NAME},
 * {@code CAMEL_COMPONENT_SALESFORCE_PASSWORD} (password + security token),
 * {@code CAMEL_COMPONENT_SALESFORCE_AUTHENTICATION_TYPE} (USERNAME_PASSWORD, CLIENT_CREDENTIALS, ...),
 * {@code CAMEL_COMPONENT_SALESFORCE_API_VERSION}.
 *
 * @param enabled push to Salesforce at all (ENCAISSE_CRM_ENABLED); off in local mode, where there is no Salesforce.
 *        When off, the crm routes are not even created, so the salesforce component never starts nor logs in.
 * @param accountExternalIdField the Account field (flagged External ID) that holds our customer id
 * @param mapping file name, in {@code encaisse.hub.mappings-dir}, of the JSONata mapping from the hub's position
 *        document to the Account fields
 * @param pushEvery how often pending customers are pushed (Camel duration: 5s, 1m)
 * @param refreshSchedule Quartz cron, in the business zone, of the daily re-push of every known customer
 *        (overdue amounts and days change with the date, without any event)
 */
@Validated
@ConfigurationProperties("encaisse.crm")
public record CrmProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("Encaisse_Customer_Id__c") @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]*") String accountExternalIdField,
        @DefaultValue("salesforce-account.jsonata") @NotBlank String mapping,
        @DefaultValue("5s") @NotBlank String pushEvery,
        @DefaultValue("0 15 6 * * ?") @NotBlank String refreshSchedule) {
}
