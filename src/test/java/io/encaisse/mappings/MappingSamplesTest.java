package io.encaisse.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every mapping in mappings/ is run, through the jsonata component exactly as the routes call it, on its
 * {@code <name>.sample-input.json}, and must give {@code <name>.expected.json}. A mapping without both samples fails.
 */
class MappingSamplesTest {

    static final Path MAPPINGS = Path.of("mappings");
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Numbers compare by value (1200.0 == 1200.00): JSONata computes in doubles, amounts are written with scale. */
    static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    static CamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @TestFactory
    Stream<DynamicTest> everyMappingGivesItsExpectedOutput() throws IOException {
        List<Path> mappings;
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            mappings = files.filter(p -> p.getFileName().toString().endsWith(".jsonata")).sorted().toList();
        }
        assertThat(mappings).as("mappings in " + MAPPINGS.toAbsolutePath()).isNotEmpty();
        return mappings.stream().flatMap(mapping -> Stream.concat(
                Stream.of(DynamicTest.dynamicTest(mapping.getFileName().toString(), () -> check(mapping))),
                extraCases(mapping).stream().map(c -> DynamicTest.dynamicTest(mapping.getFileName() + " (" + c + ")",
                        () -> check(mapping, c)))));
    }

    /** More samples of a mapping: {@code <name>.<case>.sample-input.json} with {@code <name>.<case>.expected.json}. */
    static List<String> extraCases(Path mapping) {
        String name = mapping.getFileName().toString().replaceFirst("\\.jsonata$", "");
        try (Stream<Path> files = Files.list(mapping.getParent())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(name + ".") && f.endsWith(".sample-input.json") && !f.equals(name + ".sample-input.json"))
                    .map(f -> f.substring(name.length() + 1, f.length() - ".sample-input.json".length())).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void check(Path mapping, String sampleCase) throws IOException {
        String name = mapping.getFileName().toString().replaceFirst("\\.jsonata$", "");
        compare(mapping, mapping.resolveSibling(name + "." + sampleCase + ".sample-input.json"),
                mapping.resolveSibling(name + "." + sampleCase + ".expected.json"));
    }

    static void check(Path mapping) throws IOException {
        String name = mapping.getFileName().toString().replaceFirst("\\.jsonata$", "");
        Path input = mapping.resolveSibling(name + ".sample-input.json");
        Path expected = mapping.resolveSibling(name + ".expected.json");
        compare(mapping, input, expected);
    }

    static void compare(Path mapping, Path input, Path expected) throws IOException {
        assertTrue(Files.isRegularFile(input), "mapping " + mapping + " has no sample input " + input);
        assertTrue(Files.isRegularFile(expected), "mapping " + mapping + " has no expected output " + expected);

        String output = template.requestBody(
                "jsonata:file:" + mapping + "?inputType=JsonString&outputType=JsonString",
                Files.readString(input), String.class);

        JsonNode actual = JSON.readTree(output);
        JsonNode wanted = JSON.readTree(Files.readString(expected));
        assertTrue(actual.equals(NUMERIC_AWARE, wanted),
                () -> mapping + " on " + input.getFileName() + " gave\n" + actual.toPrettyString() + "\nexpected\n"
                        + wanted.toPrettyString());
    }
}
