package io.encaisse.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param autoApply apply confident matches automatically (false: everything waits for a person) */
@Validated
@ConfigurationProperties("encaisse.reconciliation")
public record ReconciliationProperties(boolean autoApply) {
}
