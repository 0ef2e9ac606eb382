package io.encaisse.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.bench.CamtGenerator;
import io.encaisse.support.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * bank_entry and bank_entry_line have no foreign keys (V11: their row-by-row checks cost a third of a bulk import), so
 * the importer alone keeps them consistent. Its own database: every row in it comes from these imports, and the counts
 * below are exact. The whole sample corpus (camt.052/053/054, MT940, invalid files included) is imported twice, the
 * second time in other bytes (a re-delivery).
 */
class BankIntegrityTest {

    private static ConfigurableApplicationContext hub;
    private static BankStatements bank;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        hub = TestPostgres.isolatedHub("bank_integrity", "encaisse.dunning.enabled=false");
        bank = hub.getBean(BankStatements.class);
        jdbc = hub.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static List<Path> corpus() throws Exception {
        Path root = Path.of(BankIntegrityTest.class.getResource("/bank-samples").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getParent() != root && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static Map<String, Object> importAll(List<Path> files, String suffix) throws IOException {
        for (Path f : files) {
            byte[] content = (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1) + suffix)
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            bank.importFile((suffix.isEmpty() ? "" : "again-") + f.getFileName(), "test", new ByteArrayInputStream(content));
        }
        return jdbc.queryForMap("""
                select (select count(*) from bank_entry) as entries, (select count(*) from bank_entry_line) as lines,
                    (select coalesce(sum(new_entries), 0) from bank_statement) as new_money,
                    (select count(*) from bank_import where status = 'IMPORTED') as imported""");
    }

    @Test
    void theWholeCorpusImportedTwiceLeavesNoOrphanAndBooksNothingTwice() throws Exception {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThanOrEqualTo(60);

        Map<String, Object> first = importAll(files, "");
        assertThat((Long) first.get("entries")).isGreaterThan(100);
        assertThat((Long) first.get("imported")).isGreaterThan(40);
        Map<String, Object> second = importAll(files, "\n");
        assertThat(second.get("entries")).as("a re-delivery creates no transaction").isEqualTo(first.get("entries"));
        assertThat(second.get("new_money")).as("nor new money").isEqualTo(first.get("new_money"));
        assertThat(jdbc.queryForObject("select count(*) from bank_import", Long.class)).isEqualTo(2L * files.size());

        // a statement repeating 1,500 transactions already booked (its first lines), then 1,000 new ones
        Path dir = Files.createTempDirectory(Path.of("target"), "integrity");
        Path small = dir.resolve("small.xml");
        Path large = dir.resolve("large.xml");
        new CamtGenerator(CamtGenerator.Version.V02, 7).write(small, 1_500);
        new CamtGenerator(CamtGenerator.Version.V02, 7).write(large, 2_500);
        for (Path f : List.of(small, large)) {
            try (var in = Files.newInputStream(f)) {
                assertThat(bank.importFile(f.getFileName().toString(), "test", in).status()).isEqualTo(ImportStatus.IMPORTED);
            }
        }
        assertThat(jdbc.queryForList("select outcome || '=' || count(*) from bank_entry_line l join bank_statement s"
                + " on s.id = l.statement_id where s.entry_count = 2500 group by outcome order by 1", String.class))
                .containsExactly("NEW=1000", "SEEN_AGAIN=1500");
        assertThat(jdbc.queryForObject("select count(*) from bank_entry", Long.class))
                .isEqualTo((Long) first.get("entries") + 2_500);

        Map<String, Object> orphans = jdbc.queryForMap("""
                select
                    (select count(*) from bank_entry_line l where not exists (select 1 from bank_entry e where e.id = l.entry_id))
                        as line_without_entry,
                    (select count(*) from bank_entry_line l
                        where not exists (select 1 from bank_statement s where s.id = l.statement_id)) as line_without_statement,
                    (select count(*) from bank_entry e
                        where not exists (select 1 from bank_statement s where s.id = e.statement_id)
                           or not exists (select 1 from bank_statement s where s.id = e.first_statement_id)) as entry_without_statement,
                    (select count(*) from bank_entry e
                        where not exists (select 1 from bank_entry_line l where l.entry_id = e.id)) as entry_without_line,
                    (select count(*) from bank_entry e
                        where not exists (select 1 from bank_entry_line l
                                          where l.statement_id = e.statement_id and l.entry_index = e.entry_index
                                            and l.entry_id = e.id)) as entry_not_its_own_line,
                    (select count(*) from bank_statement s
                        where s.entry_count <> (select count(*) from bank_entry_line l where l.statement_id = s.id))
                        as statement_count_differs""");
        assertThat(orphans).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(0L));
    }
}
