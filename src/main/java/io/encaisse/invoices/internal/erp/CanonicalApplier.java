package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.invoices.BatchResult;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceUpsert;
import io.encaisse.invoices.Receivables;
import io.encaisse.invoices.UpsertResult;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedCustomer;
import io.encaisse.invoices.internal.erp.CanonicalRecords.MappedInvoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Applies mapped (canonical) records to the ledger, one outcome per record in input order: the part of a pull or a file
 * import that does not depend on where the records came from. Customers one by one, invoices as one batch.
 */
public final class CanonicalApplier {

    /**
     * @param key the record's key (customer id, invoice number) when it has one
     * @param retryable the record may pass later without a change at the source (its customer had not arrived yet)
     */
    public record Outcome(int index, String key, BatchResult.Outcome outcome, String reason, boolean retryable) {
        public boolean rejected() {
            return outcome == BatchResult.Outcome.REJECTED;
        }
    }

    private final Receivables receivables;

    public CanonicalApplier(Receivables receivables) {
        this.receivables = receivables;
    }

    /** @param canonical the mapping's output per record (null or a {@link CanonicalRecords#MAPPING_ERROR} marker when it failed) */
    public List<Outcome> customers(List<JsonNode> canonical) {
        List<Outcome> out = new ArrayList<>(canonical.size());
        for (int i = 0; i < canonical.size(); i++) {
            JsonNode n = canonical.get(i);
            String key = n != null && n.hasNonNull("customerId") ? n.get("customerId").asText() : null;
            try {
                MappedCustomer c = CanonicalRecords.customer(n);
                UpsertResult<?> r = receivables.upsertCustomer(c.ref(), c.data());
                out.add(new Outcome(i, c.ref().value(), BatchResult.Outcome.valueOf(r.outcome().name()), null, false));
            } catch (IllegalArgumentException | DataIntegrityViolationException e) {
                out.add(new Outcome(i, key, BatchResult.Outcome.REJECTED, reasonOf(e), false));
            }
        }
        return out;
    }

    /**
     * Invoices as one batch. A credit note goes to the ledger's credit notes, one by one (a customer it names that is not
     * there yet makes it a retryable rejection). A cancelled invoice the hub never had is not news: UNCHANGED.
     */
    public List<Outcome> invoices(List<JsonNode> canonical) {
        Outcome[] out = new Outcome[canonical.size()];
        List<InvoiceUpsert> upserts = new ArrayList<>();
        List<MappedInvoice> cancelled = new ArrayList<>();
        List<Integer> cancelledIndex = new ArrayList<>();
        MappedInvoice[] mapped = new MappedInvoice[canonical.size()];
        for (int i = 0; i < canonical.size(); i++) {
            JsonNode n = canonical.get(i);
            String key = n != null && n.hasNonNull("invoiceNumber") ? n.get("invoiceNumber").asText() : null;
            try {
                MappedInvoice inv = CanonicalRecords.invoice(n);
                if (CanonicalRecords.CREDIT_NOTE.equals(inv.documentType())) {
                    out[i] = creditNote(i, inv, n);
                    continue;
                }
                mapped[i] = inv;
                if (inv.cancelled()) {
                    cancelled.add(inv);
                    cancelledIndex.add(i);
                }
            } catch (IllegalArgumentException e) {
                out[i] = new Outcome(i, key, BatchResult.Outcome.REJECTED, reasonOf(e), false);
            }
        }
        Set<String> known = knownNumbers(cancelled.stream().map(MappedInvoice::invoiceNumber).toList());
        for (int i = 0; i < mapped.length; i++) {
            MappedInvoice inv = mapped[i];
            if (inv == null) {
                continue;
            }
            if (inv.cancelled() && !known.contains(inv.invoiceNumber())) {
                out[i] = new Outcome(i, inv.invoiceNumber(), BatchResult.Outcome.UNCHANGED, null, false);
            } else {
                upserts.add(inv.upsert(i));
            }
        }
        if (!upserts.isEmpty()) {
            for (BatchResult.Item item : receivables.upsertInvoices(upserts).items()) {
                out[item.index()] = new Outcome(item.index(), item.key(), item.outcome(), item.reason(),
                        item.outcome() == BatchResult.Outcome.REJECTED && OdooPull.isRetryable(item.reason()));
            }
        }
        return List.of(out);
    }

    private Outcome creditNote(int index, MappedInvoice inv, JsonNode canonical) {
        try {
            UpsertResult<?> r = receivables.upsertCreditNote(new io.encaisse.invoices.CreditNoteNumber(inv.invoiceNumber()),
                    CanonicalRecords.creditNote(inv, canonical));
            return new Outcome(index, inv.invoiceNumber(), BatchResult.Outcome.valueOf(r.outcome().name()), null, false);
        } catch (io.encaisse.invoices.UnknownCustomerException e) {
            return new Outcome(index, inv.invoiceNumber(), BatchResult.Outcome.REJECTED, reasonOf(e), true);
        } catch (IllegalArgumentException | DataIntegrityViolationException e) {
            return new Outcome(index, inv.invoiceNumber(), BatchResult.Outcome.REJECTED, reasonOf(e), false);
        }
    }

    private Set<String> knownNumbers(List<String> numbers) {
        List<InvoiceNumber> valid = new ArrayList<>();
        for (String n : numbers) {
            try {
                valid.add(new InvoiceNumber(n));
            } catch (IllegalArgumentException ignored) {
                // not a number the hub can hold, so not one it has
            }
        }
        Set<String> known = new HashSet<>();
        if (!valid.isEmpty()) {
            receivables.findByNumbers(valid).forEach(v -> known.add(v.number().value()));
        }
        return known;
    }

    static String reasonOf(Exception e) {
        if (e instanceof DataIntegrityViolationException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "Not stored: " + root.getMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
