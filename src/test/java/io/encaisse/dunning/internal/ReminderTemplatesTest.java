package io.encaisse.dunning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderTemplatesTest {

    private final ReminderTemplates templates = new ReminderTemplates();
    private final List<ReminderTemplates.Line> lines = List.of(
            new ReminderTemplates.Line("F-1", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1), Money.of("1234.5", "EUR")),
            new ReminderTemplates.Line("F-2", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), Money.of("100", "EUR")));

    @Test
    void rendersFrenchWithFrenchNumbersAndDates() {
        var mail = templates.render("fr", 1, "Dupont SARL", lines, LocalDate.of(2026, 11, 23));
        assertThat(mail.subject()).isEqualTo("Rappel de paiement : 2 facture(s) échue(s)");
        assertThat(mail.body()).contains("Facture F-1 du 01/09/2026, échéance 01/10/2026 : 1 234,50 € restant dû (53 jours de retard)")
                .contains("Total échu : 1 334,50 €");
    }

    @Test
    void rendersEnglishAndFallsBackToEnglish() {
        var mail = templates.render("de", 3, "Acme Ltd", lines, LocalDate.of(2026, 11, 23));
        assertThat(mail.language()).isEqualTo("en");
        assertThat(mail.subject()).startsWith("Final reminder before escalation");
        assertThat(mail.body()).startsWith("Dear Acme Ltd,").contains("Invoice F-2").contains("€1,334.50");
    }
}
