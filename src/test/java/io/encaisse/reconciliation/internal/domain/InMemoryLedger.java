package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A ledger in memory for the rules' tests: customers with names and IBANs, and their invoices. */
final class InMemoryLedger implements Ledger {

    record Customer(String ref, String name, List<String> ibans) {
    }

    final Map<String, Customer> customers = new LinkedHashMap<>();
    final List<OpenItem> invoices = new ArrayList<>();
    /** IBAN -> customer of an accepted payer rule. */
    final Map<String, String> learned = new LinkedHashMap<>();
    /** IBAN -> customer of a proposed payer rule nobody decided on. */
    final Map<String, String> proposed = new LinkedHashMap<>();
    final List<PayerReference> references = new ArrayList<>();
    int lookups;
    /** purchase order -> invoices sent with it */
    final Map<String, List<OpenItem>> purchaseOrders = new LinkedHashMap<>();

    InMemoryLedger purchaseOrder(String po, OpenItem... items) {
        purchaseOrders.computeIfAbsent(po, k -> new ArrayList<>()).addAll(List.of(items));
        return this;
    }

    @Override
    public List<OpenItem> invoicesByPurchaseOrders(Collection<String> references) {
        lookups++;
        return references.stream().flatMap(r -> purchaseOrders.getOrDefault(r, List.of()).stream()).distinct().toList();
    }

    InMemoryLedger customer(String ref, String name, String... ibans) {
        customers.put(ref, new Customer(ref, name, List.of(ibans)));
        return this;
    }

    OpenItem invoice(String number, String customer, String open) {
        OpenItem item = new OpenItem(UUID.randomUUID(), number, customer, Money.of(open, "EUR"), LocalDate.of(2026, 10, 31), true);
        invoices.add(item);
        return item;
    }

    OpenItem invoiceIn(String currency, String number, String customer, String open) {
        OpenItem item = new OpenItem(UUID.randomUUID(), number, customer, Money.of(open, currency), LocalDate.of(2026, 10, 31), true);
        invoices.add(item);
        return item;
    }

    OpenItem paid(String number, String customer) {
        OpenItem item = new OpenItem(UUID.randomUUID(), number, customer, Money.of("0", "EUR"), LocalDate.of(2026, 10, 31), false);
        invoices.add(item);
        return item;
    }

    @Override
    public List<OpenItem> invoicesByKeys(Collection<String> keys) {
        lookups++;
        return invoices.stream().filter(i -> keys.contains(InvoiceKeys.key(i.invoiceNumber()))).toList();
    }

    @Override
    public List<OpenItem> invoicesByDigits(Collection<String> digits) {
        lookups++;
        return invoices.stream().filter(i -> digits.contains(InvoiceKeys.digits(i.invoiceNumber()))).toList();
    }

    @Override
    public List<Payer> payersByIban(String iban) {
        List<Payer> out = new ArrayList<>();
        customers.values().stream().filter(c -> c.ibans().contains(iban)).forEach(c -> out.add(payer(c, Source.ERP_IBAN)));
        String learnedRef = learned.get(iban);
        if (learnedRef != null && out.stream().noneMatch(p -> p.customerRef().equals(learnedRef))) {
            out.add(payer(customers.get(learnedRef), Source.LEARNED_IBAN));
        }
        String proposedRef = proposed.get(iban);
        if (proposedRef != null && out.stream().noneMatch(p -> p.customerRef().equals(proposedRef))) {
            out.add(payer(customers.get(proposedRef), Source.PROPOSED_IBAN));
        }
        return out;
    }

    /** Like the real ledger: customers sharing a word of the payer's name (no word is common in these small sets). */
    @Override
    public List<Payer> payersNamed(List<String> words) {
        return customers.values().stream()
                .filter(c -> PayerNames.words(PayerNames.normalise(c.name())).stream().anyMatch(words::contains))
                .map(c -> payer(c, Source.NAME)).toList();
    }

    @Override
    public List<Payer> payersByReference(Payment payment) {
        return references.stream().filter(r -> r.foundIn(payment))
                .map(r -> {
                    Payer p = payer(customers.get(r.customerRef()), r.accepted() ? Source.REFERENCE : Source.PROPOSED_REFERENCE);
                    return new Payer(p.customerRef(), p.name(), p.source(), p.openInvoices(), r.describe());
                }).toList();
    }

    @Override
    public List<OpenItem> openInvoicesOf(String customerRef) {
        return invoices.stream().filter(i -> i.customerRef().equals(customerRef) && i.payable() && i.open().isPositive()).toList();
    }

    private Payer payer(Customer c, Source source) {
        return new Payer(c.ref(), c.name(), source, invoices.stream()
                .filter(i -> i.customerRef().equals(c.ref()) && i.payable() && i.open().isPositive()).toList());
    }
}
