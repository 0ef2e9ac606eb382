package io.encaisse.crm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.dunning.DunningStage;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.PaymentStatus;
import io.encaisse.shared.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionDocumentTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final CustomerRef REF = new CustomerRef("C-1001");
    static final CustomerView CUSTOMER = new CustomerView(CustomerId.random(), REF, "ACME Industries SA", "ap@acme.test",
            "fr", "EUR", List.of(), null, null, Instant.parse("2026-11-01T00:00:00Z"));

    static CustomerPosition position(LocalDate lastPayment) {
        return new CustomerPosition(REF, LocalDate.parse("2026-11-23"), Money.of("1850.40", "EUR"), Money.of("1200.00", "EUR"),
                3, 1, 17, lastPayment, PaymentStatus.OVERDUE);
    }

    @Test
    void carriesEveryFigureOfThePositionWithAmountsAtCurrencyScale() throws Exception {
        String json = PositionDocument.of(CUSTOMER, position(LocalDate.parse("2026-10-30")), new DunningStage(2, null)).toJson();
        JsonNode doc = JSON.readTree(json);
        assertThat(doc.get("customerId").asText()).isEqualTo("C-1001");
        assertThat(doc.get("name").asText()).isEqualTo("ACME Industries SA");
        assertThat(doc.get("currency").asText()).isEqualTo("EUR");
        assertThat(json).contains("\"outstanding\":1850.40", "\"overdue\":1200.00");
        assertThat(doc.get("oldestOverdueDays").asInt()).isEqualTo(17);
        assertThat(doc.get("paymentStatus").asText()).isEqualTo("OVERDUE");
        assertThat(doc.get("lastPaymentDate").asText()).isEqualTo("2026-10-30");
        assertThat(doc.get("dunningLevel").asInt()).isEqualTo(2);
        assertThat(doc.get("openInvoices").asInt()).isEqualTo(3);
        assertThat(doc.get("overdueInvoices").asInt()).isEqualTo(1);
        assertThat(doc.get("asOf").asText()).isEqualTo("2026-11-23");
    }

    @Test
    void neverPaidIsAnExplicitNullAndNoStageIsLevelZero() throws Exception {
        JsonNode doc = JSON.readTree(PositionDocument.of(CUSTOMER, position(null), null).toJson());
        assertThat(doc.get("lastPaymentDate").isNull()).isTrue();
        assertThat(doc.get("dunningLevel").asInt()).isZero();
    }

    @Test
    void hasExactlyTheShapeOfTheMappingSampleInput() throws Exception {
        JsonNode doc = JSON.readTree(PositionDocument.of(CUSTOMER, position(LocalDate.parse("2026-10-30")),
                new DunningStage(2, null)).toJson());
        JsonNode sample = JSON.readTree(Files.readString(Path.of("mappings", "salesforce-account.sample-input.json")));
        assertThat(fieldNames(doc)).containsExactlyElementsOf(fieldNames(sample));
        assertThat(doc.toString()).isEqualTo(sample.toString()); // the sample is this very customer
    }

    @Test
    void refusesAPositionOfAnotherCustomer() {
        CustomerPosition other = new CustomerPosition(new CustomerRef("C-2"), LocalDate.parse("2026-11-23"),
                Money.zero("EUR"), Money.zero("EUR"), 0, 0, 0, null, PaymentStatus.SETTLED);
        assertThatThrownBy(() -> PositionDocument.of(CUSTOMER, other, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
