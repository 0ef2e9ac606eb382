package io.encaisse.invoices.erp.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Route invoices.erp-files over SFTP: a Sage 100 export in, each row's outcome in the report (API and report file). */
class ErpFilesIntegrationTest extends HubTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Charset CP1252 = Charset.forName("windows-1252");

    private final String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    /** The shipped sample, with this run's invoice and customer numbers (so the test can run in a shared database). */
    byte[] sample() throws Exception {
        String text = Files.readString(Path.of("mappings", "sage100-invoices.sample.csv"), CP1252);
        return text.replace("FA00", "FA" + run).replace("AV00", "AV" + run).replace(";CACME;", ";CACME" + run + ";")
                .replace(";CDUPONT;", ";CDUPONT" + run + ";").replace(";CBERNARD;", ";CBERNARD" + run + ";").getBytes(CP1252);
    }

    JsonNode awaitImport(ApiClient api, String fileName) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            api.get("/api/v1/erp/file-imports?limit=100").json().get("items").forEach(i -> {
                if (i.get("fileName").asText().equals(fileName)) {
                    found.add(i);
                }
            });
            return !found.isEmpty();
        });
        assertThat(found.get(0).has("rejections")).as("lists leave the rows out").isFalse();
        return api.get("/api/v1/erp/file-imports/" + found.get(0).get("importId").asText()).json();
    }

    @Test
    void aSage100ExportLandsRowByRowWithAReportAndASecondDropChangesNothing() throws Exception {
        ApiClient api = api();
        String name = "sage-ventes-" + run + ".csv";
        dropErpFileOnSftp(name, sample());
        JsonNode report = awaitImport(api, name);
        assertThat(report.get("status").asText()).isEqualTo("IMPORTED");
        assertThat(report.get("profile").asText()).isEqualTo("sage100-invoices.profile.properties");
        assertThat(report.get("rowsRead").asInt()).isEqualTo(7);
        assertThat(report.get("created").asInt()).isEqualTo(4);
        assertThat(report.get("rejected").asInt()).isEqualTo(3);
        List<String> rejected = new ArrayList<>();
        report.get("rejections").forEach(r -> rejected.add(r.get("line").asInt() + ": " + r.get("reason").asText()));
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(0)).isEqualTo("5: 'Date': '31/02/2026' is not a date (dd/MM/yyyy)");
        assertThat(rejected.get(1)).startsWith("9: Due date 2026-11-01 is before issue date 2026-11-05");
        assertThat(rejected.get(2)).isEqualTo("10: 'Montant TTC': 'douze' is not an amount (decimal separator ',')");
        // the "Avoir" row is a credit note of the ledger, positive, on its customer
        JsonNode avoir = api.get("/api/v1/credit-notes/AV" + run + "007").json();
        assertThat(avoir.get("amount").asText()).isEqualTo("120.00");
        assertThat(avoir.get("customerId").asText()).isEqualTo("CACME" + run);

        JsonNode fa104 = api.get("/api/v1/invoices/FA" + run + "104").json();
        assertThat(fa104.get("amount").asText()).isEqualTo("1234.56");
        assertThat(fa104.get("customerId").asText()).isEqualTo("CBERNARD" + run);
        assertThat(fa104.at("/paymentTerms/days").asInt()).isEqualTo(30);
        JsonNode dupont = api.get("/api/v1/customers/CDUPONT" + run).json();
        assertThat(dupont.get("name").asText()).isEqualTo("Dupont & Fils; Électricité");
        assertThat(api.get("/api/v1/invoices/FA" + run + "102").json().get("purchaseOrder").asText()).isEqualTo("BC \"urgent\" 12");

        // the file and its report in done/
        Path done = SFTP_ROOT.resolve("erp-done");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve(name + ".report.json")));
        assertThat(Files.readAllBytes(done.resolve(name))).isEqualTo(sample());
        JsonNode file = JSON.readTree(done.resolve(name + ".report.json").toFile());
        assertThat(file.get("created").asInt()).isEqualTo(4);
        assertThat(file.get("rejections").get(0).get("line").asInt()).isEqualTo(5);
        assertThat(Files.exists(SFTP_ROOT.resolve("erp-inbox").resolve(name))).isFalse();

        // the same export again (a re-run of the nightly export): nothing changes
        String again = "sage-ventes-" + run + "-bis.csv";
        dropErpFileOnSftp(again, sample());
        JsonNode second = awaitImport(api, again);
        assertThat(second.get("created").asInt()).isZero();
        assertThat(second.get("unchanged").asInt()).isEqualTo(4);
        assertThat(second.get("rejected").asInt()).isEqualTo(3);
    }

    @Test
    void aFileThatCannotBeReadGoesToErrorWithItsReason() throws Exception {
        ApiClient api = api();
        String name = "export-" + run + ".csv";
        dropErpFileOnSftp(name, "Numero,Client,Montant\nF1,C1,12.00\n".getBytes(CP1252));
        JsonNode report = awaitImport(api, name);
        assertThat(report.get("status").asText()).isEqualTo("REJECTED");
        assertThat(report.get("reason").asText()).contains("The header lacks the column(s)").contains("Pièce");
        Path error = SFTP_ROOT.resolve("erp-error");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(error.resolve(name + ".report.json")));
        assertThat(Files.exists(error.resolve(name))).isTrue();

        String other = "notes-" + run + ".pdf";
        dropErpFileOnSftp(other, new byte[] {1, 2, 3});
        assertThat(awaitImport(api, other).get("reason").asText()).startsWith("No file profile matches the name");
        assertThat(api.get("/api/v1/erp/file-imports/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
