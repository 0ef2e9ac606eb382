package io.encaisse.reconciliation.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayerNamesTest {

    @Test
    void accentsCaseAndLegalFormsAreDropped() {
        assertThat(PayerNames.normalise("Société Générale S.A.")).isEqualTo("societe generale");
        assertThat(PayerNames.normalise("ACME SAS")).isEqualTo("acme");
        assertThat(PayerNames.normalise("Müller & Söhne GmbH")).isEqualTo("muller sohne");
        assertThat(PayerNames.normalise("Dupont et Fils S.A.R.L.")).isEqualTo("dupont fils");
        assertThat(PayerNames.normalise("Globex Ltd.")).isEqualTo(PayerNames.normalise("GLOBEX, Inc"));
        assertThat(PayerNames.normalise(null)).isEmpty();
    }

    @Test
    void similarityOfNames() {
        assertThat(PayerNames.similarity("acme", "acme")).isEqualTo(1.0);
        assertThat(PayerNames.similarity("dupont fils", "dupond fils")).isEqualTo(1.0);
        assertThat(PayerNames.similarity("client abcd1234", "client ef567890")).isLessThan(0.5);
        assertThat(PayerNames.similarity("acme industries", "acme")).isEqualTo(0.5);
        assertThat(PayerNames.similarity("", "acme")).isZero();
        assertThat(PayerNames.jaroWinkler("martha", "marhta")).isBetween(0.96, 0.97);
    }

    @Test
    void theDistinctiveTokenIsTheLongest() {
        assertThat(PayerNames.distinctiveToken("dupont fils")).contains("dupont");
        assertThat(PayerNames.distinctiveToken("ab")).isEmpty();
    }
}
