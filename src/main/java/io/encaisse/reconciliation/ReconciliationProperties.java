package io.encaisse.reconciliation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param autoApply apply confident matches automatically (false: everything waits for a person, with suggestions)
 * @param rules the matching rules to run, in order; each name once, from {@link #KNOWN_RULES}
 * @param autoApplyThreshold the score (0-100) a candidate needs to be applied automatically
 * @param autoApplyMargin the points by which the best candidate must lead the next; a tie is never applied
 * @param tolerance how far short of an invoice's open amount a payment may be and still settle it
 */
@Validated
@ConfigurationProperties("encaisse.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("true") boolean autoApply,
        @DefaultValue({"structured-reference", "invoice-number", "end-to-end-reference", "customer-reference", "payer-iban", "payer-name"}) @NotEmpty List<String> rules,
        @DefaultValue("90") @Min(0) @Max(100) int autoApplyThreshold,
        @DefaultValue("10") @Min(0) @Max(100) int autoApplyMargin,
        @DefaultValue @Valid @NotNull Tolerance tolerance) {

    /** The rules there are (their order here is the default order). */
    public static final List<String> KNOWN_RULES = List.of("structured-reference", "invoice-number", "end-to-end-reference", "customer-reference", "payer-iban", "payer-name");

    public ReconciliationProperties {
        Set<String> seen = new HashSet<>();
        for (String rule : rules == null ? List.<String>of() : rules) {
            if (!KNOWN_RULES.contains(rule)) {
                throw new IllegalArgumentException("encaisse.reconciliation.rules: unknown rule '" + rule + "'; known: " + KNOWN_RULES);
            }
            if (!seen.add(rule)) {
                throw new IllegalArgumentException("encaisse.reconciliation.rules: rule '" + rule + "' is listed twice");
            }
        }
    }

    /**
     * @param absolute the largest difference, in the payment's currency, written off as bank charges (0 for none)
     * @param percent the largest difference as a percentage of the invoice's open amount
     */
    public record Tolerance(
            @DefaultValue("1.00") @NotNull @DecimalMin("0") BigDecimal absolute,
            @DefaultValue("0.5") @NotNull @DecimalMin("0") BigDecimal percent) {
    }
}
