package io.encaisse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationPropertiesTest {

    private static final ReconciliationProperties.Tolerance TOLERANCE =
            new ReconciliationProperties.Tolerance(new BigDecimal("1.00"), new BigDecimal("0.5"));

    @Test
    void rulesAreKnownNamesEachOnce() {
        assertThat(new ReconciliationProperties(true, List.of("invoice-number", "payer-iban"), 90, 10, TOLERANCE).rules())
                .containsExactly("invoice-number", "payer-iban");
        assertThatThrownBy(() -> new ReconciliationProperties(true, List.of("invoice-number", "fuzzy"), 90, 10, TOLERANCE))
                .hasMessageContaining("unknown rule 'fuzzy'");
        assertThatThrownBy(() -> new ReconciliationProperties(true, List.of("payer-iban", "payer-iban"), 90, 10, TOLERANCE))
                .hasMessageContaining("listed twice");
    }

    @Test
    void theKnownRulesAreTheEnginesRules() {
        assertThat(ReconciliationProperties.KNOWN_RULES)
                .isEqualTo(io.encaisse.reconciliation.internal.domain.MatchEngine.DEFAULT_RULES);
    }
}
