package io.encaisse.reconciliation.internal;

import io.encaisse.invoices.CustomerName;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import io.encaisse.reconciliation.PayerRuleView;
import io.encaisse.reconciliation.internal.domain.Ledger;
import io.encaisse.reconciliation.internal.domain.Lookups;
import io.encaisse.reconciliation.internal.domain.OpenItem;
import io.encaisse.reconciliation.internal.domain.PayerReference;
import io.encaisse.reconciliation.internal.domain.Payment;
import io.encaisse.reconciliation.internal.domain.ReturnMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rules' view of the ledger for a batch of payments decided together: everything the rules will ask for is read
 * up front, one indexed query per kind of look-up for the whole batch (invoice keys, digits, payer IBANs, payer rules,
 * name words, the identified customers' open invoices), so the cost per payment does not depend on how many invoices
 * and customers there are. What was not read up front is read when asked (and kept). Invoices the batch applies money
 * to are kept current ({@link #applied}), so a later payment of the same batch sees what is left open.
 */
final class ChunkLedger implements Ledger {

    /** Open invoices read per customer: a payer with more is matched on its oldest ones only. */
    static final int MAX_OPEN_PER_CUSTOMER = 50;
    /** Customers found by name at most. */
    static final int MAX_NAMED_CUSTOMERS = 10;
    /** A name word held by this many customers or more is too common to identify a payer. */
    static final int COMMON_WORD = 20;

    private final Receivables receivables;
    private final ReconStore store;

    private final Map<String, List<OpenItem>> byKey = new HashMap<>();
    private final Map<String, List<OpenItem>> byDigits = new HashMap<>();
    private final Map<String, List<OpenItem>> byPurchaseOrder = new HashMap<>();
    private final Map<UUID, OpenItem> current = new HashMap<>();
    private final Map<String, List<CustomerName>> erpByIban = new HashMap<>();
    private final Map<String, List<ReconStore.RuleRow>> rulesByIban = new HashMap<>();
    private final Set<String> ibansRead = new HashSet<>();
    private final Map<String, List<CustomerName>> byWord = new HashMap<>();
    private final Map<String, List<OpenItem>> openByCustomer = new HashMap<>();
    private final Map<String, CustomerName> customers = new HashMap<>();
    private final List<ReconStore.RuleRow> referenceRules = new ArrayList<>();
    private final Set<String> commonWords;
    private final Map<UUID, OpenItem> carried;

    /**
     * @param commonWords name words known to be common (held by {@value #COMMON_WORD} customers or more), shared by the
     *        chunks of one statement and added to: each is read once per statement rather than once per chunk
     */
    ChunkLedger(Receivables receivables, ReconStore store, List<Payment> payments, Set<String> commonWords) {
        this(receivables, store, payments, commonWords, Map.of());
    }

    /**
     * @param carried what the chunk before this one will leave open on the invoices it settles: that chunk may still be
     *        writing (chunks overlap, see ReconciliationService), so its results win over what this chunk reads
     */
    ChunkLedger(Receivables receivables, ReconStore store, List<Payment> payments, Set<String> commonWords,
            Map<UUID, OpenItem> carried) {
        this.receivables = receivables;
        this.store = store;
        this.commonWords = commonWords;
        this.carried = carried;
        Set<String> keys = new LinkedHashSet<>();
        Set<String> digits = new LinkedHashSet<>();
        Set<String> refKeys = new LinkedHashSet<>();
        Set<String> ibans = new LinkedHashSet<>();
        Set<String> paymentIds = new LinkedHashSet<>();
        Map<Payment, Lookups> lookups = new LinkedHashMap<>();
        for (Payment p : payments) {
            Lookups l = Lookups.of(p);
            lookups.put(p, l);
            keys.addAll(l.keys());
            digits.addAll(l.digits());
            refKeys.addAll(l.referenceKeys());
            paymentIds.addAll(l.paymentIds());
            String iban = iban(p.payerIban());
            if (iban != null) {
                ibans.add(iban);
            }
        }
        fetchKeys(keys);
        fetchDigits(digits);
        fetchPurchaseOrders(paymentIds);
        fetchIbans(ibans);
        referenceRules.addAll(store.referenceRules(refKeys));
        Set<String> payers = new LinkedHashSet<>();
        // payments that name no invoice will ask who pays: read their payers' words and open invoices now, in one go
        Set<String> words = new LinkedHashSet<>();
        for (Map.Entry<Payment, Lookups> e : lookups.entrySet()) {
            Lookups l = e.getValue();
            boolean namesInvoice = l.keys().stream().anyMatch(k -> !byKey.getOrDefault(k, List.of()).isEmpty())
                    || l.digits().stream().anyMatch(d -> !byDigits.getOrDefault(d, List.of()).isEmpty())
                    || l.paymentIds().stream().anyMatch(d -> !byPurchaseOrder.getOrDefault(d, List.of()).isEmpty());
            if (namesInvoice) {
                // a payment of less than the invoice it names is checked against the customer's other invoices (an
                // exact amount elsewhere holds it back): read them with the others rather than one query per payment
                Payment p = e.getKey();
                named(l).stream().filter(i -> i.open().currency().equals(p.amount().currency()) && i.open().compareTo(p.amount()) > 0)
                        .forEach(i -> payers.add(i.customerRef()));
                continue;
            }
            words.addAll(io.encaisse.reconciliation.internal.domain.PayerNames.words(
                    io.encaisse.reconciliation.internal.domain.PayerNames.normalise(e.getKey().payerName())));
            String iban = iban(e.getKey().payerIban());
            if (iban != null) {
                erpByIban.getOrDefault(iban, List.of()).forEach(c -> payers.add(c.ref().value()));
                rulesByIban.getOrDefault(iban, List.of()).forEach(r -> payers.add(r.customerRef()));
            }
            referenceRules.stream().filter(r -> reference(r).foundIn(e.getKey())).forEach(r -> payers.add(r.customerRef()));
        }
        fetchWords(words);
        for (String w : words) {
            rareHolders(w).forEach(c -> payers.add(c.ref().value()));
        }
        fetchOpenInvoices(payers);
    }

    private List<OpenItem> named(Lookups l) {
        List<OpenItem> out = new ArrayList<>();
        l.keys().forEach(k -> out.addAll(byKey.getOrDefault(k, List.of())));
        l.digits().forEach(d -> out.addAll(byDigits.getOrDefault(d, List.of())));
        l.paymentIds().forEach(d -> out.addAll(byPurchaseOrder.getOrDefault(d, List.of())));
        return out;
    }

    /**
     * The batch will apply {@code settles} to this invoice (the invoices are applied together once the whole batch is
     * decided): later look-ups see what it will leave open, as the invoice's own rule computes it (never below zero).
     */
    void settled(OpenItem item, io.encaisse.shared.Money settles) {
        OpenItem was = now(item);
        io.encaisse.shared.Money open = was.open().minus(settles.min(was.open()));
        current.put(was.invoiceId(), new OpenItem(was.invoiceId(), was.invoiceNumber(), was.customerRef(), open, was.dueDate(),
                was.payable() && open.isPositive()));
    }

    static OpenItem item(InvoiceView v) {
        boolean payable = v.status() == InvoiceStatus.OPEN || v.status() == InvoiceStatus.PARTIALLY_PAID;
        return new OpenItem(v.id().value(), v.number().value(), v.customer().value(), v.openAmount(), v.dueDate(), payable);
    }

    private OpenItem now(OpenItem read) {
        OpenItem mine = current.get(read.invoiceId());
        return mine != null ? mine : carried.getOrDefault(read.invoiceId(), read);
    }

    /** What this chunk's decisions will leave open on the invoices they settle, for the chunk after it. */
    Map<UUID, OpenItem> settlements() {
        return Map.copyOf(current);
    }

    // --- invoices by reference

    @Override
    public List<OpenItem> invoicesByKeys(Collection<String> keys) {
        fetchKeys(keys);
        return collect(keys, byKey);
    }

    @Override
    public List<OpenItem> invoicesByDigits(Collection<String> digits) {
        fetchDigits(digits);
        return collect(digits, byDigits);
    }

    private List<OpenItem> collect(Collection<String> keys, Map<String, List<OpenItem>> index) {
        Map<UUID, OpenItem> out = new LinkedHashMap<>();
        for (String k : keys) {
            for (OpenItem i : index.getOrDefault(k, List.of())) {
                out.putIfAbsent(i.invoiceId(), now(i));
            }
        }
        return List.copyOf(out.values());
    }

    private void fetchKeys(Collection<String> keys) {
        List<String> missing = keys.stream().filter(k -> !byKey.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(k -> byKey.put(k, new ArrayList<>()));
        for (InvoiceView v : receivables.findByNormalisedNumbers(missing)) {
            String key = io.encaisse.reconciliation.internal.domain.InvoiceKeys.key(v.number().value());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(item(v));
        }
    }

    @Override
    public List<OpenItem> invoicesByPurchaseOrders(Collection<String> references) {
        fetchPurchaseOrders(references);
        return collect(references, byPurchaseOrder);
    }

    private void fetchPurchaseOrders(Collection<String> references) {
        List<String> missing = references.stream().filter(k -> !byPurchaseOrder.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(k -> byPurchaseOrder.put(k, new ArrayList<>()));
        for (InvoiceView v : receivables.findByPurchaseOrders(missing)) {
            byPurchaseOrder.computeIfAbsent(v.purchaseOrder(), k -> new ArrayList<>()).add(item(v));
        }
    }

    private void fetchDigits(Collection<String> digits) {
        List<String> missing = digits.stream().filter(k -> !byDigits.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(k -> byDigits.put(k, new ArrayList<>()));
        for (InvoiceView v : receivables.findByNumberDigits(missing)) {
            String d = io.encaisse.reconciliation.internal.domain.InvoiceKeys.digits(v.number().value());
            byDigits.computeIfAbsent(d, k -> new ArrayList<>()).add(item(v));
        }
    }

    // --- payers

    private static String iban(String iban) {
        String n = iban == null ? null : ReturnMatcher.normalizeIban(iban);
        return n == null || n.isBlank() ? null : n;
    }

    private void fetchIbans(Collection<String> ibans) {
        List<String> missing = ibans.stream().filter(i -> !ibansRead.contains(i)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        ibansRead.addAll(missing);
        erpByIban.putAll(receivables.customersByIbans(missing));
        for (ReconStore.RuleRow r : store.ibanRules(missing)) {
            rulesByIban.computeIfAbsent(r.value(), k -> new ArrayList<>()).add(r);
        }
    }

    @Override
    public List<Payer> payersByIban(String given) {
        String iban = iban(given);
        if (iban == null) {
            return List.of();
        }
        fetchIbans(List.of(iban));
        Map<String, Source> who = new LinkedHashMap<>();
        erpByIban.getOrDefault(iban, List.of()).forEach(c -> {
            customers.putIfAbsent(c.ref().value(), c);
            who.putIfAbsent(c.ref().value(), Source.ERP_IBAN);
        });
        for (ReconStore.RuleRow r : rulesByIban.getOrDefault(iban, List.of())) {
            Source s = r.status() == PayerRuleView.Status.ACCEPTED ? Source.LEARNED_IBAN : Source.PROPOSED_IBAN;
            who.merge(r.customerRef(), s, (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        return payers(who, Map.of());
    }

    @Override
    public Set<String> customersKnownForIban(String given) {
        String iban = iban(given);
        if (iban == null) {
            return Set.of();
        }
        fetchIbans(List.of(iban));
        Set<String> refs = new HashSet<>();
        erpByIban.getOrDefault(iban, List.of()).forEach(c -> refs.add(c.ref().value()));
        rulesByIban.getOrDefault(iban, List.of()).forEach(r -> refs.add(r.customerRef()));
        return refs;
    }

    @Override
    public List<Payer> payersByReference(Payment payment) {
        Map<String, Source> who = new LinkedHashMap<>();
        Map<String, String> evidence = new HashMap<>();
        for (ReconStore.RuleRow r : referenceRules) {
            PayerReference ref = reference(r);
            if (ref.foundIn(payment)) {
                Source s = ref.accepted() ? Source.REFERENCE : Source.PROPOSED_REFERENCE;
                if (who.merge(r.customerRef(), s, (a, b) -> a.ordinal() <= b.ordinal() ? a : b) == s) {
                    evidence.put(r.customerRef(), ref.describe());
                }
            }
        }
        return payers(who, evidence);
    }

    static PayerReference reference(ReconStore.RuleRow r) {
        return new PayerReference(r.customerRef(), r.value(), PayerReference.Match.valueOf(r.match()),
                r.status() == PayerRuleView.Status.ACCEPTED);
    }

    /**
     * Customers sharing a rare word of the payer's name (a word held by {@value #COMMON_WORD} customers or more
     * identifies nobody); when every word is common, those holding all the words, else any two of the three longest.
     */
    @Override
    public List<Payer> payersNamed(List<String> words) {
        fetchWords(words);
        Map<String, CustomerName> found = new TreeMap<>();
        for (String w : words) {
            rareHolders(w).forEach(c -> found.putIfAbsent(c.ref().value(), c));
        }
        if (found.isEmpty() && words.size() >= 2) {
            // a word no customer holds (the look-up above read every holder of a rare word) rules out every set holding
            // it: those queries would find nobody (they cost a full index search each)
            if (words.stream().allMatch(this::held)) {
                receivables.customersWithNameWords(words, MAX_NAMED_CUSTOMERS + 1).forEach(c -> found.putIfAbsent(c.ref().value(), c));
            }
            List<String> longest = words.subList(0, Math.min(3, words.size()));
            for (int i = 0; found.isEmpty() && i < longest.size(); i++) {
                for (int j = i + 1; found.isEmpty() && j < longest.size(); j++) {
                    if (!held(longest.get(i)) || !held(longest.get(j))) {
                        continue;
                    }
                    List<CustomerName> pair = receivables.customersWithNameWords(List.of(longest.get(i), longest.get(j)),
                            MAX_NAMED_CUSTOMERS + 1);
                    if (pair.size() <= MAX_NAMED_CUSTOMERS) {
                        pair.forEach(c -> found.putIfAbsent(c.ref().value(), c));
                    }
                }
            }
        }
        // the customers sharing most of the payer's words first (several rare words can find many customers)
        Set<String> payerWords = new HashSet<>(words);
        Map<String, Source> who = new LinkedHashMap<>();
        found.values().stream().sorted(java.util.Comparator.comparingLong((CustomerName c) -> -sharedWords(c, payerWords))
                .thenComparing(c -> c.ref().value())).limit(MAX_NAMED_CUSTOMERS).forEach(c -> {
            customers.putIfAbsent(c.ref().value(), c);
            who.put(c.ref().value(), Source.NAME);
        });
        return payers(who, Map.of());
    }

    /** Some customer's name holds the word (read by {@link #fetchWords}). */
    private boolean held(String word) {
        return word == null || word.isBlank() // ignored by the query
                || commonWords.contains(word) || !byWord.getOrDefault(word, List.of()).isEmpty();
    }

    /** The customers holding the word, if it is rare enough to identify a payer (else none). */
    private List<CustomerName> rareHolders(String word) {
        List<CustomerName> holders = byWord.getOrDefault(word, List.of());
        return commonWords.contains(word) || holders.size() >= COMMON_WORD ? List.of() : holders;
    }

    private static long sharedWords(CustomerName c, Set<String> words) {
        return io.encaisse.reconciliation.internal.domain.PayerNames.words(
                io.encaisse.reconciliation.internal.domain.PayerNames.normalise(c.name())).stream().filter(words::contains).count();
    }

    private void fetchWords(Collection<String> words) {
        // a word known to be common is not read again: its holders identify nobody, and reading them is a full index
        // search each (a quarter of a second per chunk for the common words of a few hundred payers' names)
        List<String> missing = words.stream().filter(w -> !byWord.containsKey(w) && !commonWords.contains(w)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(w -> byWord.put(w, List.of()));
        receivables.customersWithNameWord(missing, COMMON_WORD).forEach((w, list) -> {
            if (list.size() >= COMMON_WORD) {
                commonWords.add(w);
            }
            byWord.put(w, list);
            list.forEach(c -> customers.putIfAbsent(c.ref().value(), c));
        });
    }

    private List<Payer> payers(Map<String, Source> who, Map<String, String> evidence) {
        if (who.isEmpty()) {
            return List.of();
        }
        fetchOpenInvoices(who.keySet());
        List<String> unnamed = who.keySet().stream().filter(r -> !customers.containsKey(r)).toList();
        if (!unnamed.isEmpty()) {
            receivables.customerNames(unnamed.stream().map(CustomerRef::new).toList())
                    .forEach(c -> customers.put(c.ref().value(), c));
        }
        List<Payer> out = new ArrayList<>();
        who.forEach((ref, source) -> {
            CustomerName c = customers.get(ref);
            if (c != null) { // a rule for a customer the ERP never sent (or no longer has) identifies nobody
                out.add(new Payer(ref, c.name(), source,
                        openByCustomer.getOrDefault(ref, List.of()).stream().map(this::now).toList(), evidence.get(ref)));
            }
        });
        return out;
    }

    @Override
    public List<OpenItem> openInvoicesOf(String customerRef) {
        fetchOpenInvoices(List.of(customerRef));
        return openByCustomer.getOrDefault(customerRef, List.of()).stream().map(this::now).toList();
    }

    private void fetchOpenInvoices(Collection<String> refs) {
        List<String> missing = refs.stream().filter(r -> !openByCustomer.containsKey(r)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(r -> openByCustomer.put(r, List.of()));
        receivables.openInvoicesOfCustomers(missing.stream().map(CustomerRef::new).toList(), MAX_OPEN_PER_CUSTOMER)
                .forEach((ref, list) -> openByCustomer.put(ref.value(), list.stream().map(ChunkLedger::item).toList()));
    }
}
