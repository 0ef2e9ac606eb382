package io.encaisse.invoices.erp.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.internal.erp.files.FileProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file profile in mappings/ reads its {@code <name>.sample.csv} (in the profile's encoding) into the records and
 * row rejections of {@code <name>.sample.expected.json}, through the same reader, conversions and JSONata mapping as
 * route invoices.erp-files. A profile without both samples fails.
 */
class FileProfileSamplesTest {

    static final Path MAPPINGS = Path.of("mappings");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyProfileReadsItsSampleIntoItsExpectedRecords() throws IOException {
        List<Path> profiles;
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            profiles = files.filter(p -> p.getFileName().toString().endsWith(".profile.properties")).sorted().toList();
        }
        assertThat(profiles).isNotEmpty();
        return profiles.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    static void check(Path profileFile) throws Exception {
        String base = profileFile.getFileName().toString().replaceFirst("\\.profile\\.properties$", "");
        Path sample = MAPPINGS.resolve(base + ".sample.csv");
        Path expected = MAPPINGS.resolve(base + ".sample.expected.json");
        assertTrue(Files.isRegularFile(sample), profileFile + " has no sample " + sample);
        assertTrue(Files.isRegularFile(expected), profileFile + " has no expected output " + expected);
        FileProfile profile = FileProfile.load(MAPPINGS, profileFile.getFileName().toString());
        assertThat(profile.matches(sample.getFileName().toString())).as("the profile matches its sample's name").isTrue();
        ObjectNode actual = read(profile, Files.newInputStream(sample));
        JsonNode wanted = JSON.readTree(expected.toFile());
        assertThat(actual.toPrettyString()).isEqualTo(wanted.toPrettyString());
    }

    static ObjectNode read(FileProfile profile, InputStream in) throws FileProfile.Unreadable {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode records = out.putArray("records");
        ArrayNode invalid = out.putArray("invalid");
        profile.read(in, new FileProfile.Rows() {
            @Override
            public void row(int line, Map<String, Object> values) {
                ObjectNode r = records.addObject();
                r.put("line", line);
                r.set("record", profile.map(values));
            }

            @Override
            public void invalid(int line, String reason) {
                invalid.addObject().put("line", line).put("reason", reason);
            }
        });
        return out;
    }

    @Test
    void aFileInAnotherEncodingOrWithoutTheColumnsIsUnreadableWithTheReason(@TempDir Path dir) throws Exception {
        FileProfile sage = FileProfile.load(MAPPINGS, "sage100-invoices.profile.properties");
        byte[] utf8 = "Pièce,N° tiers,Date,Montant TTC\nFA1,C1,01/10/2026,\"1,00\"\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(sage, new ByteArrayInputStream(utf8))).isInstanceOf(FileProfile.Unreadable.class)
                .hasMessageContaining("The header lacks the column(s) [Pièce, N° tiers|Compte tiers, Date, Montant TTC]")
                .hasMessageContaining("delimiter ';'");
        assertThatThrownBy(() -> read(sage, new ByteArrayInputStream(new byte[0]))).hasMessageContaining("no header line");

        Files.writeString(dir.resolve("utf8.profile.properties"), "file-pattern=.*\nkind=CUSTOMER\nencoding=UTF-8\nmapping=m.jsonata\n");
        Files.writeString(dir.resolve("m.jsonata"), "{ \"customerId\": id }");
        FileProfile strict = FileProfile.load(dir, "utf8.profile.properties");
        byte[] latin1 = "id,name\n1,Société\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(strict, new ByteArrayInputStream(latin1))).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void aProfileOrMappingThatDoesNotLoadNamesItsFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.profile.properties"), "file-pattern=.*\nkind=INVOICE\nmapping=broken.jsonata\n");
        Files.writeString(dir.resolve("broken.jsonata"), "{ \"a\": ( }");
        assertThatThrownBy(() -> FileProfile.load(dir, "a.profile.properties")).hasMessageContaining("broken.jsonata")
                .hasMessageContaining("is not valid JSONata");
        Files.writeString(dir.resolve("b.profile.properties"), "file-pattern=.*\nkind=INVOICE\nmapping=missing.jsonata\n");
        assertThatThrownBy(() -> FileProfile.load(dir, "b.profile.properties")).hasMessageContaining("missing.jsonata cannot be read");
        Files.writeString(dir.resolve("c.profile.properties"), "file-pattern=.*\nkind=ORDERS\nmapping=broken.jsonata\n");
        assertThatThrownBy(() -> FileProfile.load(dir, "c.profile.properties")).hasMessageContaining("c.profile.properties is not valid")
                .hasMessageContaining("kind must be INVOICE or CUSTOMER");
        assertThatThrownBy(() -> FileProfile.load(dir, "none.profile.properties")).hasMessageContaining("none.profile.properties cannot be read");
    }
}
