package io.encaisse.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bank files through the real SFTP server and through the API: imported once, moved, rejected with a reason. */
class BankInboxTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private static byte[] sample(String path) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/bank-samples", path));
    }

    private Optional<JsonNode> importNamed(String fileName) {
        for (JsonNode i : api().get("/api/v1/bank-statements?limit=100").json().get("items")) {
            if (i.get("fileName").asText().equals(fileName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitImport(String fileName) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> importNamed(fileName), Optional::isPresent).get();
    }

    @Test
    void importsCamt053VersionsTwoAndEightFromSftpAndMovesThemToDone() throws Exception {
        dropOnSftp("ing-053-v2.xml", sample("camt053/ing-v2-nl-example.xml"));
        dropOnSftp("postfinance-053-v8.xml", sample("camt053/postfinance-v8-testplatform-2019.xml"));

        JsonNode v2 = awaitImport("ing-053-v2.xml");
        assertThat(v2.get("status").asText()).isEqualTo("IMPORTED");
        assertThat(v2.get("channel").asText()).isEqualTo("sftp");
        assertThat(v2.get("messageVersion").asText()).isEqualTo("camt.053.001.02");
        JsonNode stmt = v2.get("statements").get(0);
        // figures from oracle.json, computed independently of our parser
        assertThat(stmt.get("account").asText()).isEqualTo("NL08INGB0000001234");
        assertThat(stmt.get("entries").asInt()).isEqualTo(9);
        assertThat(stmt.get("openingBalance").asText()).isEqualTo("1000.00000");
        assertThat(stmt.get("closingBalance").asText()).isEqualTo("1605.00000");
        assertThat(stmt.get("balanceCheck").asText()).isEqualTo("OK");
        assertThat(jdbc.queryForObject("select sum(amount) from bank_entry e join bank_statement s on s.id = e.statement_id "
                + "where s.import_id = ?::uuid and e.credit", java.math.BigDecimal.class, v2.get("importId").asText()))
                .isEqualByComparingTo("990.00");

        JsonNode v8 = awaitImport("postfinance-053-v8.xml");
        assertThat(v8.get("status").asText()).isEqualTo("IMPORTED");
        assertThat(v8.get("messageVersion").asText()).isEqualTo("camt.053.001.08");
        // this real file does not reconcile (see SOURCES.md): the break is reported, not hidden
        assertThat(v8.get("statements").get(0).get("balanceCheck").asText()).isEqualTo("BREAK");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(SFTP_ROOT.resolve("done/ing-053-v2.xml")).exists();
            assertThat(SFTP_ROOT.resolve("done/postfinance-053-v8.xml")).exists();
            assertThat(SFTP_ROOT.resolve("inbox/ing-053-v2.xml")).doesNotExist();
        });
    }

    @Test
    void theSameFileTwiceIsBookedOnce() throws Exception {
        byte[] file = sample("camt053/nordea-v2-example.xml");
        dropOnSftp("nordea-first.xml", file);
        JsonNode first = awaitImport("nordea-first.xml");
        assertThat(first.get("status").asText()).isEqualTo("IMPORTED");
        dropOnSftp("nordea-again-renamed.xml", file);
        JsonNode second = awaitImport("nordea-again-renamed.xml");
        assertThat(second.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(second.get("duplicateOf").asText()).isEqualTo(first.get("importId").asText());
        assertThat(second.get("statements")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from bank_statement s join bank_import i on i.id = s.import_id "
                + "where i.file_sha256 = ?", Integer.class, first.get("sha256").asText())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SFTP_ROOT.resolve("done/nordea-again-renamed.xml")).exists());
    }

    @Test
    void anUnreadableFileGoesToErrorWithItsReasonAndTheHubKeepsRunning() throws Exception {
        dropOnSftp("broken.xml", "<Document><BkToCstmrStmt><oops".getBytes(StandardCharsets.UTF_8));
        dropOnSftp("xxe.xml", ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&x;</Document>").getBytes(StandardCharsets.UTF_8));

        JsonNode broken = awaitImport("broken.xml");
        assertThat(broken.get("status").asText()).isEqualTo("REJECTED");
        assertThat(broken.get("reason").asText()).isNotBlank();
        JsonNode xxe = awaitImport("xxe.xml");
        assertThat(xxe.get("status").asText()).isEqualTo("REJECTED");
        assertThat(xxe.get("reason").asText()).containsIgnoringCase("DOCTYPE");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(SFTP_ROOT.resolve("error/broken.xml")).exists();
            assertThat(SFTP_ROOT.resolve("error/broken.xml.reason.txt")).content().contains("Rejected:");
            assertThat(SFTP_ROOT.resolve("error/xxe.xml.reason.txt")).content().containsIgnoringCase("DOCTYPE");
        });
        JsonNode rejected = api().get("/api/v1/bank-statements?status=REJECTED&limit=100").json().get("items");
        assertThat(rejected.findValuesAsText("fileName")).contains("broken.xml", "xxe.xml");

        // still running: a good file after the bad ones imports
        dropOnSftp("after-bad.xml", sample("camt053/genkgo-v2-multi-statement.xml"));
        assertThat(awaitImport("after-bad.xml").get("status").asText()).isEqualTo("IMPORTED");
    }

    @Test
    void thePostEndpointImportsAndAnswers409ForADuplicate() throws Exception {
        ApiClient api = api();
        byte[] file = sample("camt054/postfinance-v8-qrr-batch.xml");
        ApiClient.Response created = api.postRaw("/api/v1/bank-statements?fileName=qrr.xml", file, "application/xml");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("format").asText()).isEqualTo("CAMT054");
        assertThat(created.header("Location")).endsWith(created.json().get("importId").asText());

        ApiClient.Response again = api.postRaw("/api/v1/bank-statements?fileName=qrr-again.xml", file, "application/xml");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("duplicateOf").asText()).isEqualTo(created.json().get("importId").asText());

        ApiClient.Response empty = api.postRaw("/api/v1/bank-statements?fileName=empty.xml", new byte[0], "application/xml");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.json().get("detail").asText()).containsIgnoringCase("empty");
    }
}
