package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.SalesRep;
import io.encaisse.invoices.internal.erp.CanonicalRecords;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedCustomer;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedInvoice;
import io.encaisse.shared.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The mappings' canonical output read into the ledger's types: the expected outputs in mappings/ are valid input. */
class CanonicalRecordsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theSampleCustomerOfTheOdooMapping() throws Exception {
        MappedCustomer c = CanonicalRecords.customer(JSON.readTree(Files.readString(Path.of("mappings/odoo-partner.expected.json"))));
        assertThat(c.ref().value()).isEqualTo("C-ACME");
        assertThat(c.data().name()).isEqualTo("ACME SAS");
        assertThat(c.data().language()).isEqualTo("fr");
        assertThat(c.data().currency()).isEqualTo("EUR");
        assertThat(c.data().ibans()).containsExactly("FR76 3000 6000 0112 3456 7890 189");
        assertThat(c.data().salesRep()).isEqualTo(new SalesRep("Claire Martin", "claire.martin@example.com"));
        assertThat(c.data().creditLimit()).isEqualTo(Money.of("15000.00", "EUR"));
    }

    @Test
    void theSampleInvoiceOfTheOdooMapping() throws Exception {
        MappedInvoice i = CanonicalRecords.invoice(JSON.readTree(Files.readString(Path.of("mappings/odoo-invoice.expected.json"))));
        assertThat(i.invoiceNumber()).isEqualTo("INV/2026/00017");
        assertThat(i.documentType()).isEqualTo(CanonicalRecords.INVOICE);
        assertThat(i.cancelled()).isFalse();
        assertThat(i.data().customer().value()).isEqualTo("C-ACME");
        assertThat(i.data().issueDate()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(i.data().amount()).isEqualTo(Money.of("1200.10", "EUR"));
        assertThat(i.data().openAmount()).isEqualTo(Money.of("200.10", "EUR"));
        assertThat(i.data().purchaseOrder()).isEqualTo("PO-4711");
    }

    @Test
    void cancelledAndCreditNotes() throws Exception {
        String base = "\"invoiceNumber\":\"RINV/1\",\"customerId\":\"C\",\"issueDate\":\"2026-10-01\",\"dueDate\":\"2026-10-01\","
                + "\"currency\":\"EUR\",\"amount\":\"10\"";
        assertThat(CanonicalRecords.invoice(json("{" + base + ",\"status\":\"CANCELLED\"}")).cancelled()).isTrue();
        assertThat(CanonicalRecords.invoice(json("{" + base + ",\"documentType\":\"CREDIT_NOTE\"}")).documentType())
                .isEqualTo(CanonicalRecords.CREDIT_NOTE);
        assertThat(CanonicalRecords.invoice(json("{" + base + "}")).data().openAmount()).as("open = amount").isNull();
    }

    @Test
    void badValuesAreRejectedWithAReason() throws Exception {
        String ok = "\"invoiceNumber\":\"I-1\",\"customerId\":\"C\",\"issueDate\":\"2026-10-01\",\"dueDate\":\"2026-10-31\"";
        assertThatThrownBy(() -> CanonicalRecords.invoice(json("{" + ok + ",\"currency\":\"XXY\",\"amount\":\"1\"}")))
                .hasMessageContaining("Unknown ISO 4217 currency code: XXY");
        assertThatThrownBy(() -> CanonicalRecords.invoice(json("{" + ok + ",\"currency\":\"EUR\",\"amount\":\"1.001\"}")))
                .hasMessageContaining("more decimals");
        assertThatThrownBy(() -> CanonicalRecords.invoice(json("{" + ok + ",\"currency\":\"EUR\",\"amount\":1200.1}")))
                .as("a double").hasMessageContaining("must be a string amount");
        assertThatThrownBy(() -> CanonicalRecords.invoice(json("{\"invoiceNumber\":\"I-1\",\"customerId\":\"C\",\"issueDate\":"
                + "\"01/10/2026\",\"dueDate\":\"2026-10-31\",\"currency\":\"EUR\",\"amount\":\"1\"}")))
                .hasMessageContaining("issueDate '01/10/2026' is not a date");
        assertThatThrownBy(() -> CanonicalRecords.invoice(json("{\"customerId\":\"C\"}"))).hasMessage("invoiceNumber is missing");
        assertThatThrownBy(() -> CanonicalRecords.customer(json("{\"customerId\":\"C\",\"currency\":\"EUR\"}")))
                .hasMessage("name is missing");
        assertThatThrownBy(() -> CanonicalRecords.customer(json("{\"_mappingError\":\"boom\"}")))
                .hasMessage("The mapping failed: boom");
        assertThatThrownBy(() -> CanonicalRecords.customer(null)).hasMessageContaining("The mapping produced no record");
    }
}
