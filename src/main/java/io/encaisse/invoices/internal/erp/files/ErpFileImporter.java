package io.encaisse.invoices.internal.erp.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.encaisse.invoices.ErpFileImportView;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.internal.erp.CanonicalApplier;
import io.encaisse.invoices.internal.erp.CanonicalRecords;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind route invoices.erp-files (routes/erp-files.yaml): reads a CSV export the ERP dropped with the first
 * file profile whose pattern matches its name, maps each row with the profile's JSONata mapping, applies the rows in
 * chunks through {@link Receivables} (a bad row is rejected with its line number and reason and never blocks the
 * others), and keeps the report in erp_file_import. The route moves the file to done/ (or to error/ when the file as a
 * whole could not be read) with {@code <file>.report.json} beside it.
 * <p>
 * An invoice mapping may give {@code newCustomer} (a canonical customer): it is created when the invoice's customer is
 * unknown, and never overwrites master data the hub already has.
 */
public class ErpFileImporter {

    private static final Logger log = LoggerFactory.getLogger(ErpFileImporter.class);

    public static final String REPORT = "erpFileReport";
    static final int CHUNK = 1000;
    /** Rejected rows kept in the report (all are counted). */
    static final int MAX_KEPT_REJECTIONS = 1000;

    private final List<FileProfile> profiles;
    private final Receivables receivables;
    private final CanonicalApplier applier;
    private final ErpFileImportStore store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper reportJson = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public ErpFileImporter(List<FileProfile> profiles, Receivables receivables, ErpFileImportStore store, Clock clock) {
        this.profiles = profiles;
        this.receivables = receivables;
        this.applier = new CanonicalApplier(receivables);
        this.store = store;
        this.clock = clock;
    }

    /** Reads the file; the body stays the file so that the route can move it. */
    public void receive(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name == null) {
            name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        }
        ErpFileImportView report;
        try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
            report = importFile(name, in);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException(e);
        }
        exchange.setProperty(REPORT, report);
    }

    public boolean rejected(Exchange exchange) {
        return "REJECTED".equals(exchange.getProperty(REPORT, ErpFileImportView.class).status());
    }

    /** Turns the message into the report written beside the file. */
    public void reportFile(Exchange exchange) throws JsonProcessingException {
        ErpFileImportView report = exchange.getProperty(REPORT, ErpFileImportView.class);
        exchange.getIn().setHeader(Exchange.FILE_NAME, exchange.getIn().getHeader(Exchange.FILE_NAME, String.class) + ".report.json");
        exchange.getIn().setBody(reportJson.writeValueAsString(report));
    }

    public ErpFileImportView importFile(String name, InputStream in) {
        Instant received = clock.instant();
        Run run = new Run(name, received);
        FileProfile profile = profiles.stream().filter(p -> p.matches(name)).findFirst().orElse(null);
        if (profile == null) {
            return run.finish(null, "REJECTED", "No file profile matches the name '" + name + "' (profiles: "
                    + profiles.stream().map(p -> p.file() + " " + p.filePattern()).toList() + ")");
        }
        run.profile = profile;
        List<Row> chunk = new ArrayList<>(CHUNK);
        try {
            profile.read(in, new FileProfile.Rows() {
                @Override
                public void row(int line, Map<String, Object> values) {
                    run.rowsRead++;
                    chunk.add(new Row(line, values));
                    if (chunk.size() == CHUNK) {
                        apply(profile, chunk, run);
                        chunk.clear();
                    }
                }

                @Override
                public void invalid(int line, String reason) {
                    run.rowsRead++;
                    run.reject(line, null, reason);
                }
            });
        } catch (FileProfile.Unreadable e) {
            apply(profile, chunk, run);
            return run.finish(profile, "REJECTED", e.getMessage());
        }
        apply(profile, chunk, run);
        return run.finish(profile, "IMPORTED", null);
    }

    private record Row(int line, Map<String, Object> values) {
    }

    private void apply(FileProfile profile, List<Row> rows, Run run) {
        if (rows.isEmpty()) {
            return;
        }
        List<JsonNode> canonical = new ArrayList<>(rows.size());
        for (Row row : rows) {
            canonical.add(profile.map(row.values()));
        }
        if (FileProfile.INVOICE.equals(profile.kind())) {
            createMissingCustomers(canonical);
        }
        List<CanonicalApplier.Outcome> outcomes = FileProfile.INVOICE.equals(profile.kind())
                ? applier.invoices(canonical) : applier.customers(canonical);
        for (CanonicalApplier.Outcome o : outcomes) {
            switch (o.outcome()) {
                case CREATED -> run.created++;
                case UPDATED -> run.updated++;
                case UNCHANGED -> run.unchanged++;
                case REJECTED -> run.reject(rows.get(o.index()).line(), o.key(), o.reason());
            }
        }
    }

    /** The mapping's newCustomer, for customers the hub does not know yet: created once, never updated from a file of invoices. */
    private void createMissingCustomers(List<JsonNode> canonical) {
        Set<String> seen = new HashSet<>();
        for (JsonNode n : canonical) {
            JsonNode c = n == null ? null : n.get("newCustomer");
            if (c == null || !c.isObject() || !c.hasNonNull("customerId") || !seen.add(c.get("customerId").asText())) {
                continue;
            }
            try {
                CanonicalRecords.MappedCustomer mapped = CanonicalRecords.customer(c);
                if (receivables.customer(mapped.ref()).isEmpty()) {
                    receivables.upsertCustomer(mapped.ref(), mapped.data());
                }
            } catch (IllegalArgumentException e) {
                // the invoice is then rejected for its unknown customer, which is the reason people need to see
                log.debug("newCustomer {} not created: {}", c.get("customerId"), e.getMessage());
            }
        }
    }

    /** The counters of one file. */
    private final class Run {
        final UUID id = UUID.randomUUID();
        final String name;
        final Instant received;
        FileProfile profile;
        int rowsRead;
        int created;
        int updated;
        int unchanged;
        int rejected;
        final List<ErpFileImportView.RowRejection> rejections = new ArrayList<>();

        Run(String name, Instant received) {
            this.name = name;
            this.received = received;
        }

        void reject(int line, String key, String reason) {
            rejected++;
            if (rejections.size() < MAX_KEPT_REJECTIONS) {
                rejections.add(new ErpFileImportView.RowRejection(line, key, reason));
            }
        }

        ErpFileImportView finish(FileProfile p, String status, String reason) {
            rejections.sort(java.util.Comparator.comparingInt(ErpFileImportView.RowRejection::line));
            ErpFileImportView view = new ErpFileImportView(id, name, p == null ? null : p.file(), p == null ? null : p.kind(), status,
                    reason, rowsRead, created, updated, unchanged, rejected, List.copyOf(rejections), received, clock.instant());
            store.save(view);
            (status.equals("REJECTED") || rejected > 0 ? log.atWarn() : log.atInfo()).log(
                    "ERP file {} ({}): {}{}; {} rows: {} created, {} updated, {} unchanged, {} rejected", name,
                    p == null ? "no profile" : p.file(), status, reason == null ? "" : " (" + reason + ")", rowsRead, created,
                    updated, unchanged, rejected);
            return view;
        }
    }
}
