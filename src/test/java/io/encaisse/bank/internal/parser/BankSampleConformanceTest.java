package io.encaisse.bank.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.bank.BankProperties;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses every file under src/test/resources/bank-samples and compares it with oracle.json (values computed
 * independently from the files), with the default (FAST) binder. Decisions for the files the corpus marks INVALID are
 * in bank-samples/DECISIONS.md. {@link #bothBindersGiveTheSameOutput} proves on every file that the PROWIDE (JAXB) binder
 * gives exactly the same statements, balances, entries, details, warnings and rejections.
 */
class BankSampleConformanceTest {
    private static final List<String> FOLDERS = List.of("camt052", "camt053", "camt054", "mt940");

    /** Files rejected on purpose, with a fragment of the expected reason. */
    private static final Map<String, String> REJECTED = Map.of(
            "camt052/hbci4java-invalid-unversioned-namespace.xml",
            "Unsupported message type: urn:iso:std:iso:20022:tech:xsd:camt",
            "camt053/genkgo-v2-invalid-no-statement.xml",
            "contains no Stmt element");

    /** INVALID files parsed with explicit warnings, with a fragment each expected warning must contain. */
    private static final Map<String, List<String>> PARSED_WITH_WARNINGS = Map.of(
            "camt053/subite-lt-v8-two-statements-no-cdtdbtind.xml",
            List.of("Balance OPBD of statement 1 has no CdtDbtInd; treated as credit",
                    "Balance CLBD of statement 2 has no CdtDbtInd; treated as credit",
                    "has no readable Sts"),
            "camt054/libeufin-postfinance-v8-trimmed-invalid.xml",
            List.of("Entry 2 of statement 1 has no Amt; amount 12.53 CHF taken from the sum of its 2 TxDtls",
                    "Entry 2 of statement 1 has no CdtDbtInd; taken from its TxDtls (CRDT)",
                    "GrpHdr has no CreDtTm"),
            "mt940/zilverline-knab-invalid.sta",
            List.of("has no closing balance (:62F:/:62M:)", "has no '-}' block terminator"));

    /**
     * Entries whose amount the parser derives (with a warning) while the oracle leaves them out of its sums: the
     * libeufin entry without Amt is counted by the oracle but not summed; we credit the sum of its TxDtls.
     */
    private static final Map<String, Map<String, BigDecimal>> EXTRA_CREDITS = Map.of(
            "camt054/libeufin-postfinance-v8-trimmed-invalid.xml", Map.of("CHF", new BigDecimal("12.53")));

    private static JsonNode oracle;

    @BeforeAll
    static void loadOracle() throws IOException {
        try (InputStream in = BankSampleConformanceTest.class.getResourceAsStream("/bank-samples/oracle.json")) {
            oracle = new ObjectMapper().readTree(in);
        }
    }

    static Stream<String> samples() throws IOException, URISyntaxException {
        Path root = Path.of(BankSampleConformanceTest.class.getResource("/bank-samples").toURI());
        return FOLDERS.stream().flatMap(folder -> {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                return files.filter(Files::isRegularFile).map(p -> folder + "/" + p.getFileName()).sorted().toList()
                        .stream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void matchesOracle(String file) throws Exception {
        JsonNode expected = oracle.get(file);
        assertThat(expected).as("oracle.json has an entry for " + file).isNotNull();
        CollectingSink sink = new CollectingSink();

        if (REJECTED.containsKey(file)) {
            InvalidStatementException e = catchThrowableOfType(InvalidStatementException.class, () -> parse(file, sink));
            assertThat(e).as("rejected: " + file).isNotNull();
            assertThat(e.getReason()).contains(REJECTED.get(file));
            assertThat(sink.totalEntries).as("a rejected file delivers no entries").isZero();
            return;
        }

        ParseSummary summary = parse(file, sink);
        boolean mt940 = file.startsWith("mt940/");
        assertThat(summary.format()).isEqualTo(mt940 ? "MT940" : "CAMT" + file.substring(4, 7));
        assertThat(summary.messageVersion()).isEqualTo(expected.get("format").asText());
        assertThat(summary.statements()).isEqualTo(expected.get("statements").asInt()).isEqualTo(sink.statements.size());
        assertThat(summary.entries()).isEqualTo(expected.get("entries").asInt()).isEqualTo(sink.totalEntries);

        if (!mt940) {
            int txDtls = sink.statements.stream().flatMap(s -> s.entries().stream()).mapToInt(e -> e.details().size()).sum();
            assertThat(txDtls).as("TxDtls").isEqualTo(expected.get("tx_details").asInt());
        }

        Map<String, BigDecimal> credits = new TreeMap<>();
        Map<String, BigDecimal> debits = new TreeMap<>();
        for (CollectingSink.Statement s : sink.statements) {
            for (ParsedEntry e : s.entries()) {
                assertThat(e.amount().signum()).as("amount is positive").isGreaterThanOrEqualTo(0);
                (e.credit() ? credits : debits).merge(e.currency(), e.amount(), BigDecimal::add);
            }
        }
        Map<String, BigDecimal> expectedCredits = sums(expected.get("credits"));
        EXTRA_CREDITS.getOrDefault(file, Map.of()).forEach((c, a) -> expectedCredits.merge(c, a, BigDecimal::add));
        assertSums("credits", credits, expectedCredits);
        assertSums("debits", debits, sums(expected.get("debits")));

        JsonNode perStatement = expected.get("per_statement");
        assertThat(perStatement.size()).isEqualTo(sink.statements.size());
        for (int i = 0; i < perStatement.size(); i++) {
            JsonNode os = perStatement.get(i);
            CollectingSink.Statement s = sink.statements.get(i);
            String label = file + " statement " + (i + 1);
            assertThat(s.entries()).as(label + " entries").hasSize(os.get("entries").asInt());
            assertBalance(label + " opening", balance(s.header(), mt940 ? List.of("OPBD") : List.of("OPBD", "PRCD")),
                    os.get("opening"));
            assertBalance(label + " closing", balance(s.header(), mt940 ? List.of("CLBD") : List.of("CLBD", "ITBD")),
                    os.get("closing"));
            if (!mt940 && os.has("balances")) {
                assertThat(s.header().balances()).as(label + " balance count").hasSize(os.get("balances").size());
            }
        }

        List<String> expectedWarnings = PARSED_WITH_WARNINGS.get(file);
        if (expectedWarnings != null) {
            for (String w : expectedWarnings) {
                assertThat(summary.warnings()).as(file + " warnings").anyMatch(x -> x.contains(w));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void bothBindersGiveTheSameOutput(String file) throws Exception {
        Outcome fast = outcome(file, BankProperties.ParserMode.FAST);
        Outcome prowide = outcome(file, BankProperties.ParserMode.PROWIDE);
        assertThat(fast.rejection()).as("rejection").isEqualTo(prowide.rejection());
        assertThat(fast.summary() == null).isEqualTo(prowide.summary() == null);
        if (fast.summary() != null) {
            // JAXB also reports elements outside the version's schema; the fast binder is no validator and ignores them
            ParseSummary p = prowide.summary();
            assertThat(fast.summary()).as("summary and warnings").isEqualTo(new ParseSummary(p.format(), p.messageVersion(),
                    p.statements(), p.entries(), p.warnings().stream().filter(w -> !w.contains(": unexpected element (")).toList()));
        }
        assertThat(fast.statements()).as("statements").hasSameSizeAs(prowide.statements());
        for (int i = 0; i < fast.statements().size(); i++) {
            CollectingSink.Statement f = fast.statements().get(i);
            CollectingSink.Statement p = prowide.statements().get(i);
            assertThat(f.header()).as("header of statement " + (i + 1)).isEqualTo(p.header());
            assertThat(f.entries()).as("entries of statement " + (i + 1)).hasSameSizeAs(p.entries());
            for (int e = 0; e < f.entries().size(); e++) {
                // records: every field, BigDecimal scale included, every TxDtls, charge and amount detail
                assertThat(f.entries().get(e)).as("statement " + (i + 1) + " entry " + (e + 1)).isEqualTo(p.entries().get(e));
            }
        }
        if (file.startsWith("camt")) {
            assertThat(prowide.summary() == null ? prowide.rejection() : prowide.summary().entries())
                    .as("the comparison is not vacuous").isNotNull();
        }
    }

    private record Outcome(ParseSummary summary, String rejection, List<CollectingSink.Statement> statements) {
    }

    private static Outcome outcome(String file, BankProperties.ParserMode mode) throws Exception {
        CollectingSink sink = new CollectingSink();
        try {
            return new Outcome(parse(file, sink, mode), null, sink.statements);
        } catch (InvalidStatementException e) {
            return new Outcome(null, e.getReason(), sink.statements);
        }
    }

    private static ParseSummary parse(String file, StatementSink sink) throws Exception {
        return parse(file, sink, BankProperties.ParserMode.FAST);
    }

    private static ParseSummary parse(String file, StatementSink sink, BankProperties.ParserMode mode) throws Exception {
        try (InputStream in = BankSampleConformanceTest.class.getResourceAsStream("/bank-samples/" + file)) {
            return new StatementParser(mode).parse(in, sink);
        }
    }

    private static Map<String, BigDecimal> sums(JsonNode node) {
        Map<String, BigDecimal> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), new BigDecimal(e.getValue().asText()));
        }
        return m;
    }

    private static void assertSums(String what, Map<String, BigDecimal> actual, Map<String, BigDecimal> expected) {
        assertThat(actual.keySet()).as(what + " currencies").isEqualTo(expected.keySet());
        Map<String, String> a = new HashMap<>();
        Map<String, String> x = new HashMap<>();
        actual.forEach((k, v) -> a.put(k, v.stripTrailingZeros().toPlainString()));
        expected.forEach((k, v) -> x.put(k, v.stripTrailingZeros().toPlainString()));
        assertThat(a).as(what).isEqualTo(x);
    }

    private static Balance balance(StatementHeader h, List<String> codes) {
        for (String c : codes) {
            for (Balance b : h.balances()) {
                if (c.equals(b.code())) {
                    return b;
                }
            }
        }
        return null;
    }

    /** Oracle balance text: "18.15 EUR", "-27.00 SEK", "0 CHF (60F)" or null. */
    private static void assertBalance(String label, Balance actual, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            assertThat(actual).as(label).isNull();
            return;
        }
        String[] parts = expected.asText().split(" ");
        assertThat(actual).as(label).isNotNull();
        assertThat(actual.signedAmount()).as(label).isEqualByComparingTo(new BigDecimal(parts[0]));
        assertThat(actual.currency()).as(label + " currency").isEqualTo(parts[1]);
    }
}
