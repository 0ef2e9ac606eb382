package io.encaisse.bench.recon;

import io.encaisse.reconciliation.internal.domain.RfReference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the labelled reconciliation data set, deterministically from a seed: customers (IBANs, names with legal
 * forms and accents, EUR and a few CHF), their invoices (open, plus some the ERP reports paid or cancelled), and one
 * camt.053.001.02 statement of credits, each with its truth: which invoice(s) it pays and how much goes to each (and
 * what is written off or left unapplied), or that it must stay unapplied, and its case label.
 *
 * <p>Every case of the issue's "Reconciliation engine" list has a label (see {@link #CASES}); two more realistic cases
 * that the issue does not list are labelled {@code extra:*} and reported apart. Each invoice is named by at most one
 * credit, so the truth does not depend on the order in which the engine handles the credits.
 */
final class LabelledDataGenerator {

    /** What must happen to a credit. */
    enum Expect {
        /** applied automatically, exactly as the truth lines say */
        APPLY,
        /** payable, but must NOT be applied automatically (payer known only by IBAN or name; a tie): SUGGESTED */
        SUGGEST,
        /** must stay unapplied (UNMATCHED; a SUGGESTED row is tolerated: nothing is applied) */
        UNMATCHED
    }

    record Customer(String ref, String name, String currency, List<String> ibans, String language, boolean schemeB) {
    }

    /** @param erpOpen null for fully open; zero for an invoice the ERP reports paid */
    /** @param purchaseOrder the purchase order / customer reference the ERP sends with it, or null */
    record Invoice(String number, String customerRef, String currency, BigDecimal amount, BigDecimal erpOpen, boolean cancelled,
            LocalDate issueDate, LocalDate dueDate, String purchaseOrder) {

        Invoice(String number, String customerRef, String currency, BigDecimal amount, BigDecimal erpOpen, boolean cancelled,
                LocalDate issueDate, LocalDate dueDate) {
            this(number, customerRef, currency, amount, erpOpen, cancelled, issueDate, dueDate, null);
        }
    }

    /** @param writeOff what the invoice is settled by on top of the money (a difference within tolerance) */
    record Line(String invoiceNumber, BigDecimal amount, BigDecimal writeOff) {
    }

    /**
     * @param lines APPLY: the allocations; SUGGEST: the invoice(s) a person should be offered; UNMATCHED: empty
     * @param unapplied APPLY: what stays unapplied (an overpayment), else the whole amount
     * @param listed true for the issue's cases, false for the extra ones
     */
    record Truth(String ref, String label, Expect expect, List<Line> lines, BigDecimal unapplied, boolean listed) {
    }

    record Entry(StreamingCamt053.Credit credit, Truth truth) {
        String input() {
            StreamingCamt053.Credit c = credit;
            return c.amount().toPlainString() + " EUR from '" + c.debtorName() + "' " + (c.debtorIban() == null ? "(no IBAN)" : c.debtorIban())
                    + ", Ustrd [" + BenchData.join(c.ustrd()) + "]" + (c.strdRef() == null ? "" : ", Strd " + c.strdType() + " " + c.strdRef());
        }
    }

    /** A reference an operator configured for a customer ({@code EXACT}: compared ignoring case and punctuation). */
    record ConfiguredReference(String customerRef, String value) {
    }

    record LabelledSet(long seed, List<Customer> customers, List<Invoice> invoices, List<Entry> entries,
            List<ConfiguredReference> references) {

        Map<String, Truth> truthByRef() {
            Map<String, Truth> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.truth().ref(), e.truth()));
            return m;
        }

        /** Writes the statement, streamed. */
        void writeStatement(Path file, String account, LocalDate date) {
            BigDecimal total = entries.stream().map(e -> e.credit().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            try (OutputStream out = Files.newOutputStream(file);
                    StreamingCamt053 camt = new StreamingCamt053(out, "RECON-QUALITY-" + seed, account, "EUR", date,
                            new BigDecimal("10000.00"), total)) {
                entries.forEach(e -> camt.credit(e.credit()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The truth as JSON lines (one object per credit), for people and other tools. */
        void writeTruth(Path file) {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Entry e : entries) {
                    Truth t = e.truth();
                    StringBuilder lines = new StringBuilder();
                    for (Line l : t.lines()) {
                        lines.append(lines.length() == 0 ? "" : ",").append("{\"invoice\":\"").append(l.invoiceNumber())
                                .append("\",\"amount\":\"").append(l.amount().toPlainString()).append("\",\"writeOff\":\"")
                                .append(l.writeOff().toPlainString()).append("\"}");
                    }
                    w.write("{\"ref\":\"" + t.ref() + "\",\"case\":\"" + t.label() + "\",\"expect\":\"" + t.expect()
                            + "\",\"listed\":" + t.listed() + ",\"lines\":[" + lines + "],\"unapplied\":\""
                            + t.unapplied().toPlainString() + "\",\"input\":\"" + e.input().replace("\\", "\\\\").replace("\"", "\\\"")
                            + "\"}\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The cases and how many credits of each the default set has (scaled by {@code scale}). */
    static final Map<String, Integer> CASES = new LinkedHashMap<>();

    static {
        CASES.put("exact-number", 300);
        CASES.put("noisy-prefix", 150);
        CASES.put("noisy-separators", 120);
        CASES.put("noisy-leading-zeros", 80);
        CASES.put("noisy-case", 40);
        CASES.put("noisy-split-lines", 100);
        CASES.put("two-numbers-one-line", 80);
        CASES.put("grouped-several-lines", 40);
        CASES.put("rf-strd", 100);
        CASES.put("rf-text", 60);
        CASES.put("qrr-strd", 50);
        CASES.put("qrr-text", 20);
        CASES.put("be-structured", 40);
        CASES.put("partial", 80);
        CASES.put("overpayment", 60);
        CASES.put("tolerance", 60);
        CASES.put("iban-only-exact", 30);
        CASES.put("name-only-exact", 15);
        CASES.put("ambiguous-qrr-twins", 8);
        CASES.put("ambiguous-iban-tie", 8);
        CASES.put("ambiguous-two-named", 8);
        CASES.put("fx-instructed-amount", 15);
        CASES.put("fx-exchange-rate", 15);
        CASES.put("end-to-end-purchase-order", 30);
        CASES.put("unmatched-no-ref-unknown-payer", 60);
        CASES.put("unmatched-known-payer-no-amount", 30);
        CASES.put("unmatched-other-currency", 20);
        CASES.put("unmatched-paid-invoice", 20);
        CASES.put("unmatched-cancelled-invoice", 10);
        CASES.put("extra:number-without-prefix", 20);
        CASES.put("extra:typo-names-other-invoice", 20);
        CASES.put("extra:customer-reference", 20);
    }

    private final Random rnd;
    private final long seed;
    private final List<Customer> customers = new ArrayList<>();
    private final List<Invoice> invoices = new ArrayList<>();
    private final Map<String, Set<BigDecimal>> amountsOf = new HashMap<>();
    private final Set<String> usedIbans = new HashSet<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<ConfiguredReference> references = new ArrayList<>();
    private int seq = 1000;
    private int ibanSeed = 1;
    private static final LocalDate ISSUE = LocalDate.of(2026, 10, 1);

    LabelledDataGenerator(long seed) {
        this.seed = seed;
        this.rnd = new Random(seed);
    }

    static LabelledSet generate(long seed, double scale) {
        return new LabelledDataGenerator(seed).build(scale);
    }

    LabelledSet build(double scale) {
        int eurCustomers = (int) Math.max(60, Math.round(380 * scale));
        int chfCustomers = (int) Math.max(5, Math.round(20 * scale));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < eurCustomers + chfCustomers; i++) {
            String name;
            do {
                name = BenchData.SURNAMES[rnd.nextInt(BenchData.SURNAMES.length)] + " " + BenchData.TRADES[rnd.nextInt(BenchData.TRADES.length)]
                        + " " + BenchData.CITIES[rnd.nextInt(BenchData.CITIES.length)] + " " + BenchData.FORMS[rnd.nextInt(BenchData.FORMS.length)];
            } while (!names.add(name));
            boolean chf = i >= eurCustomers;
            int nIbans = chf ? 1 : rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(2);
            List<String> ibans = new ArrayList<>();
            for (int k = 0; k < nIbans; k++) {
                ibans.add(newIban(chf ? "CH" : new String[] {"DE", "FR", "BE", "IT"}[rnd.nextInt(4)]));
            }
            customers.add(new Customer(String.format(Locale.ROOT, "C-%05d", i + 1), name, chf ? "CHF" : "EUR", ibans,
                    chf ? "de" : rnd.nextBoolean() ? "fr" : "en", !chf && rnd.nextInt(4) == 0));
        }
        // background: open invoices no credit names (they make payer look-ups and subset sums realistic)
        for (Customer c : customers) {
            int n = 3 + rnd.nextInt(5);
            for (int k = 0; k < n; k++) {
                newInvoice(c, randomAmount(), null, false);
            }
        }
        for (Map.Entry<String, Integer> e : CASES.entrySet()) {
            int n = (int) Math.max(2, Math.round(e.getValue() * scale));
            Consumer<String> maker = maker(e.getKey());
            for (int i = 0; i < n; i++) {
                maker.accept(e.getKey());
            }
        }
        Collections.shuffle(entries, rnd);
        return new LabelledSet(seed, List.copyOf(customers), List.copyOf(invoices), List.copyOf(entries), List.copyOf(references));
    }

    // --- the cases

    private Consumer<String> maker(String label) {
        return switch (label) {
            case "exact-number" -> l -> single(l, eurA(), inv -> pick(inv.number(), "Facture " + inv.number(),
                    "Paiement facture " + inv.number() + " merci", "Invoice " + inv.number() + " " + date(),
                    "Rechnung " + inv.number() + " vom " + date(), "RE " + inv.number() + " KD-NR " + kd()));
            case "noisy-prefix" -> l -> single(l, eurA(), inv -> pick("Facture n° " + inv.number(), "Facture n°" + inv.number(),
                    "FACTURE NO " + inv.number() + " DU " + date(), "Rechnung Nr. " + compact(inv.number()),
                    "Rechnungsnr.: " + inv.number(), "INV " + inv.number() + " payment", "Ref: INV/" + inv.number(),
                    "Fact. " + inv.number().toLowerCase(Locale.ROOT)));
            case "noisy-separators" -> l -> single(l, eurA(), inv -> pick(compact(inv.number()), inv.number().replace("-", "/"),
                    inv.number().replace("-", "."), inv.number().replace("-", " "), inv.number().replace("-", "--"),
                    inv.number().replace("-", "_"), insertDash(inv.number()), inv.number().replaceFirst("-", "")));
            case "noisy-leading-zeros" -> l -> single(l, eurB(), inv -> {
                String digits = inv.number().substring(3).replaceFirst("^0+", "");
                return pick("FA-" + digits, "FA" + digits, "fa " + inv.number().substring(3), "FA-000" + inv.number().substring(3),
                        "Facture FA" + digits + " " + date());
            });
            case "noisy-case" -> l -> single(l, eurA(), inv -> pick(inv.number().toLowerCase(Locale.ROOT),
                    "facture " + inv.number().toLowerCase(Locale.ROOT), "Inv-" + inv.number().substring(4)));
            case "noisy-split-lines" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                String n = inv.number();
                int cut = 5 + rnd.nextInt(n.length() - 6);
                credit(l, Expect.APPLY, c, inv.amount(), List.of("Paiement de la facture " + n.substring(0, cut), n.substring(cut) + " merci"),
                        null, null, List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "two-numbers-one-line" -> l -> grouped(l, 2, true);
            case "grouped-several-lines" -> l -> grouped(l, 2 + rnd.nextInt(3), false);
            case "rf-strd" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                credit(l, Expect.APPLY, c, inv.amount(), rnd.nextBoolean() ? List.of() : List.of("SEPA CT " + date()),
                        RfReference.forInvoice(inv.number()), "SCOR", List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "rf-text" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                String rf = RfReference.forInvoice(inv.number());
                String grouped = String.join(" ", rf.split("(?<=\\G.{4})"));
                credit(l, Expect.APPLY, c, inv.amount(), List.of(pick("Ref " + grouped, rf, "Reference: " + grouped + " merci",
                        "Zahlung " + rf.toLowerCase(Locale.ROOT))), null, null, List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "qrr-strd" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                credit(l, Expect.APPLY, c, inv.amount(), List.of(), RfReference.qrReferenceFor(digits(inv.number())), "QRR",
                        List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "qrr-text" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                String qrr = RfReference.qrReferenceFor(digits(inv.number()));
                String spaced = qrr.substring(0, 2) + " " + String.join(" ", qrr.substring(2).split("(?<=\\G.{5})"));
                credit(l, Expect.APPLY, c, inv.amount(), List.of("Referenz " + spaced), null, null,
                        List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "be-structured" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                String be = RfReference.belgianFor(digits(inv.number()));
                credit(l, Expect.APPLY, c, inv.amount(), List.of(pick(be, "Mededeling " + be, be.replace("+++", "***"))), null, null,
                        List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "partial" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                BigDecimal paid = inv.amount().multiply(BigDecimal.valueOf(20 + rnd.nextInt(61), 2)).setScale(2, RoundingMode.HALF_UP);
                credit(l, Expect.APPLY, c, paid, List.of(pick("Acompte facture " + inv.number(), "Teilzahlung " + inv.number(),
                        "Partial payment " + inv.number())), null, null, List.of(line(inv, paid)), BigDecimal.ZERO);
            };
            case "overpayment" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                BigDecimal extra = BenchData.cents(100 + rnd.nextInt(20000));
                credit(l, Expect.APPLY, c, inv.amount().add(extra), List.of("Facture " + inv.number()), null, null,
                        List.of(line(inv, inv.amount())), extra);
            };
            case "tolerance" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, BenchData.cents(25_000 + rnd.nextInt(900_000)), null, false);
                BigDecimal diff = BenchData.cents(1 + rnd.nextInt(100));
                BigDecimal paid = inv.amount().subtract(diff);
                credit(l, Expect.APPLY, c, paid, List.of(pick(inv.number(), "Rechnung " + inv.number() + " abzgl. Gebuehren")), null, null,
                        List.of(new Line(inv.number(), paid, diff)), BigDecimal.ZERO);
            };
            case "iban-only-exact" -> l -> {
                Customer c = eurWithIban();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                credit(l, Expect.SUGGEST, c, c.ibans().get(0), BenchData.bankName(c.name(), rnd.nextInt(4)), inv.amount(),
                        List.of(pick("Virement", "Zahlung", "Payment October", "VIR SEPA " + c.name().split(" ")[0].toUpperCase(Locale.ROOT))),
                        null, null, List.of(line(inv, inv.amount())), inv.amount());
            };
            case "extra:customer-reference" -> l -> {
                // a central settlement office pays from an account nobody knows and writes only the customer's number
                // with us, which an operator configured (EXACT): the customer is known, the invoice only by its amount
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                String code = String.valueOf(700_000 + references.size() * 7 + rnd.nextInt(7));
                references.add(new ConfiguredReference(c.ref(), "KDNR" + code));
                credit(l, Expect.SUGGEST, c, newIban("DE"), pick("ZENTRALREGULIERUNG EINKAUFSVERBUND EG", "REWA ZENTRALREGULIERUNG GMBH"),
                        inv.amount(), List.of(pick("KDNR " + code + " ZAHLUNG", "Kd-Nr. " + code + " Regulierung", "KDNR" + code)),
                        null, null, List.of(line(inv, inv.amount())), inv.amount());
            };
            case "name-only-exact" -> l -> {
                Customer c = eurA();
                Invoice inv = newInvoice(c, randomAmount(), null, false);
                credit(l, Expect.SUGGEST, c, null, BenchData.bankName(c.name(), rnd.nextInt(4)), inv.amount(),
                        List.of(pick("Virement", "Zahlung", "Reglement")), null, null, List.of(line(inv, inv.amount())), inv.amount());
            };
            case "ambiguous-qrr-twins" -> l -> {
                Customer c = eurA();
                Customer d = eurA();
                BigDecimal amount = randomAmount();
                Invoice a = newInvoice(c, amount, null, false);
                // a second invoice whose number has the same digits (another numbering: a pro-forma), same amount
                Invoice b = addInvoice(new Invoice("PRO-" + a.number().substring(4), d.ref(), "EUR", amount, null, false, ISSUE,
                        ISSUE.plusDays(30)), d);
                credit(l, Expect.SUGGEST, c, amount, List.of(), RfReference.qrReferenceFor(digits(a.number())), "QRR",
                        List.of(line(a, amount), line(b, amount)), amount);
            };
            case "ambiguous-iban-tie" -> l -> {
                Customer c = eurWithIban();
                BigDecimal amount = randomAmount();
                Invoice a = newInvoice(c, amount, null, false, true);
                Invoice b = newInvoice(c, amount, null, false, true);
                credit(l, Expect.SUGGEST, c, c.ibans().get(0), BenchData.bankName(c.name(), 0), amount, List.of("Virement " + date()),
                        null, null, List.of(line(a, amount), line(b, amount)), amount);
            };
            case "ambiguous-two-named" -> l -> {
                Customer c = eurA();
                BigDecimal amount = randomAmount();
                Invoice a = newInvoice(c, amount, null, false, true);
                Invoice b = newInvoice(c, amount, null, false, true);
                credit(l, Expect.SUGGEST, c, amount, List.of("Factures " + a.number() + " " + b.number()), null, null,
                        List.of(line(a, amount), line(b, amount)), amount);
            };
            case "fx-instructed-amount", "fx-exchange-rate" -> l -> {
                // a CHF invoice paid to the EUR account: the bank credits EUR, the entry tells how much CHF that was
                Customer chf = customers.stream().filter(x -> x.currency().equals("CHF")).skip(rnd.nextInt(chfCount())).findFirst().orElseThrow();
                Invoice inv = newInvoice(chf, randomAmount(), null, false);
                BigDecimal rate = new BigDecimal("0.9" + (100 + rnd.nextInt(800))); // 1 EUR = 0.91..0.98 CHF
                BigDecimal eur = inv.amount().divide(rate, 2, RoundingMode.DOWN);
                BigDecimal chfPaid = eur.multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
                while (chfPaid.compareTo(inv.amount()) > 0) {
                    eur = eur.subtract(new BigDecimal("0.01"));
                    chfPaid = eur.multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
                }
                boolean instructed = l.equals("fx-instructed-amount");
                BigDecimal applied = instructed ? inv.amount() : chfPaid;
                add(l, new StreamingCamt053.Credit(ref(), eur, BenchData.bankName(chf.name(), 0), chf.ibans().get(0),
                        List.of(pick("Rechnung " + inv.number(), "Zahlung " + inv.number() + " " + date())), null, null, null,
                        instructed ? "CHF" : null, instructed ? inv.amount() : null,
                        List.of("EUR", "CHF", "EUR", rate.toPlainString())), Expect.APPLY,
                        List.of(new Line(inv.number(), applied, inv.amount().subtract(applied))), BigDecimal.ZERO);
            };
            case "end-to-end-purchase-order" -> l -> {
                // a payer that puts our invoice's purchase order (its own order number) in the end-to-end id, nothing else
                Customer c = eurA();
                Invoice made = newInvoice(c, randomAmount(), null, false);
                invoices.remove(made);
                Invoice inv = new Invoice(made.number(), made.customerRef(), made.currency(), made.amount(), null, false,
                        made.issueDate(), made.dueDate(), String.format(Locale.ROOT, "PO-%s-%06d", c.ref(), seq));
                invoices.add(inv);
                add(l, new StreamingCamt053.Credit(ref(), inv.amount(), BenchData.bankName(c.name(), 0), null,
                        List.of(pick("Payment", "Virement SEPA", "Zahlung")), null, null, inv.purchaseOrder(), null, null, null),
                        Expect.APPLY, List.of(line(inv, inv.amount())), BigDecimal.ZERO);
            };
            case "unmatched-no-ref-unknown-payer" -> l -> {
                String person = BenchData.PERSONS_FIRST[rnd.nextInt(BenchData.PERSONS_FIRST.length)] + " "
                        + BenchData.PERSONS_LAST[rnd.nextInt(BenchData.PERSONS_LAST.length)];
                BigDecimal amount = BenchData.cents(1_000 + rnd.nextInt(90_000) * 10 + 3);
                unmatched(l, person, rnd.nextBoolean() ? newIban("FR") : null, amount,
                        List.of(pick("Remboursement trop-percu", "Miete 11/2026", "Cotisation annuelle", "Spende", "Virement",
                                "Gutschrift " + date(), "Loyer novembre")));
            };
            case "unmatched-known-payer-no-amount" -> l -> {
                Customer c = eurWithIban();
                BigDecimal amount = BenchData.cents(50_000_000L + rnd.nextInt(1_000_000));
                unmatched(l, BenchData.bankName(c.name(), 0), c.ibans().get(0), amount, List.of(pick("Virement", "Acompte contrat")));
            };
            case "unmatched-other-currency" -> l -> {
                Customer chf = customers.stream().filter(x -> x.currency().equals("CHF")).skip(rnd.nextInt(chfCount())).findFirst().orElseThrow();
                Invoice inv = newInvoice(chf, randomAmount(), null, false);
                unmatched(l, BenchData.bankName(chf.name(), 0), chf.ibans().get(0), inv.amount(), List.of("Rechnung " + inv.number()));
            };
            case "unmatched-paid-invoice" -> l -> {
                Customer c = eurWithIban();
                BigDecimal amount = randomAmount();
                Invoice inv = newInvoice(c, amount, BigDecimal.ZERO.setScale(2), false);
                unmatched(l, BenchData.bankName(c.name(), 0), c.ibans().get(0), amount, List.of("Facture " + inv.number()));
            };
            case "unmatched-cancelled-invoice" -> l -> {
                Customer c = eurWithIban();
                BigDecimal amount = randomAmount();
                Invoice inv = newInvoice(c, amount, null, true);
                unmatched(l, BenchData.bankName(c.name(), 0), c.ibans().get(0), amount, List.of("Facture " + inv.number()));
            };
            case "extra:number-without-prefix" -> l -> single(l, eurA(), inv -> pick("Facture " + inv.number().substring(4),
                    "Rechnung " + inv.number().substring(4), inv.number().substring(4).replace("-", "")));
            case "extra:typo-names-other-invoice" -> l -> {
                // the payer pays its own invoice X but types the number of the next invoice, another customer's Y
                Customer c = pickCustomer(x -> x.currency().equals("EUR") && !x.schemeB() && !x.ibans().isEmpty());
                Customer other = eurA();
                Invoice x = newInvoice(c, randomAmount(), null, false);
                Invoice y = newInvoice(other, randomAmount(), null, false);
                credit(l, Expect.SUGGEST, c, c.ibans().get(0), BenchData.bankName(c.name(), 0), x.amount(),
                        List.of("Facture " + y.number()), null, null, List.of(line(x, x.amount())), x.amount());
            };
            default -> throw new IllegalArgumentException(label);
        };
    }

    private void single(String label, Customer c, java.util.function.Function<Invoice, String> text) {
        Invoice inv = newInvoice(c, randomAmount(), null, false);
        credit(label, Expect.APPLY, c, inv.amount(), List.of(text.apply(inv)), null, null, List.of(line(inv, inv.amount())),
                BigDecimal.ZERO);
    }

    private void grouped(String label, int n, boolean oneLine) {
        Customer c = eurA();
        List<Invoice> list = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            Invoice inv = newInvoice(c, randomAmount(), null, false);
            list.add(inv);
            total = total.add(inv.amount());
        }
        List<String> numbers = list.stream().map(Invoice::number).toList();
        List<String> lines;
        if (oneLine) {
            lines = List.of(pick("Factures " + String.join(" et ", numbers), String.join("/", numbers),
                    "Rechnungen " + String.join(", ", numbers), "INV " + String.join(" + ", numbers)));
        } else {
            lines = new ArrayList<>();
            lines.add("Reglement groupe " + date());
            numbers.forEach(x -> lines.add("Facture " + x));
        }
        credit(label, Expect.APPLY, c, total, lines, null, null, list.stream().map(i -> line(i, i.amount())).toList(), BigDecimal.ZERO);
    }

    private void unmatched(String label, String name, String iban, BigDecimal amount, List<String> ustrd) {
        add(label, new StreamingCamt053.Credit(ref(), amount, name, iban, ustrd, null, null), Expect.UNMATCHED, List.of(), amount);
    }

    /** A credit from the customer (its own IBAN mostly, sometimes a third party's or none). */
    private void credit(String label, Expect expect, Customer c, BigDecimal amount, List<String> ustrd, String strd, String strdType,
            List<Line> lines, BigDecimal unapplied) {
        int who = rnd.nextInt(20);
        String iban = who < 14 && !c.ibans().isEmpty() ? c.ibans().get(rnd.nextInt(c.ibans().size())) : who < 17 ? newIban("DE") : null;
        String name = who < 17 ? BenchData.bankName(c.name(), rnd.nextInt(4)) : "FACTOR FINANCE SA";
        credit(label, expect, c, iban, name, amount, ustrd, strd, strdType, lines, unapplied);
    }

    private void credit(String label, Expect expect, Customer c, String iban, String name, BigDecimal amount, List<String> ustrd,
            String strd, String strdType, List<Line> lines, BigDecimal unapplied) {
        add(label, new StreamingCamt053.Credit(ref(), amount, name, iban, ustrd, strd, strdType), expect, lines, unapplied);
    }

    private void add(String label, StreamingCamt053.Credit credit, Expect expect, List<Line> lines, BigDecimal unapplied) {
        entries.add(new Entry(credit, new Truth(credit.ref(), label, expect, List.copyOf(lines), unapplied, !label.startsWith("extra:"))));
    }

    private String ref() {
        return String.format(Locale.ROOT, "RQ%08d", entries.size() + 1);
    }

    // --- customers and invoices

    private Customer eurA() {
        return pickCustomer(c -> c.currency().equals("EUR") && !c.schemeB());
    }

    private Customer eurB() {
        return pickCustomer(c -> c.currency().equals("EUR") && c.schemeB());
    }

    private Customer eurWithIban() {
        return pickCustomer(c -> c.currency().equals("EUR") && !c.ibans().isEmpty());
    }

    private int chfCount() {
        return (int) customers.stream().filter(x -> x.currency().equals("CHF")).count();
    }

    private Customer pickCustomer(java.util.function.Predicate<Customer> p) {
        while (true) {
            Customer c = customers.get(rnd.nextInt(customers.size()));
            if (p.test(c)) {
                return c;
            }
        }
    }

    private Invoice newInvoice(Customer c, BigDecimal amount, BigDecimal erpOpen, boolean cancelled) {
        return newInvoice(c, amount, erpOpen, cancelled, false);
    }

    /** A new invoice; its amount is unique among the customer's unless {@code sameAmountAllowed}. */
    private Invoice newInvoice(Customer c, BigDecimal amount, BigDecimal erpOpen, boolean cancelled, boolean sameAmountAllowed) {
        while (!sameAmountAllowed && amountsOf.getOrDefault(c.ref(), Set.of()).contains(amount)) {
            amount = amount.add(new BigDecimal("0.01"));
        }
        int s = ++seq;
        String number = c.schemeB() ? String.format(Locale.ROOT, "FA-%07d", s) : String.format(Locale.ROOT, "INV-2026-%06d", s);
        LocalDate issue = ISSUE.plusDays(rnd.nextInt(50));
        return addInvoice(new Invoice(number, c.ref(), c.currency(), amount, erpOpen, cancelled, issue, issue.plusDays(30)), c);
    }

    private Invoice addInvoice(Invoice inv, Customer c) {
        invoices.add(inv);
        amountsOf.computeIfAbsent(c.ref(), k -> new HashSet<>()).add(inv.amount());
        return inv;
    }

    private BigDecimal randomAmount() {
        return BenchData.cents(5_000 + rnd.nextInt(995_000));
    }

    private String newIban(String country) {
        String iban;
        do {
            iban = BenchData.iban(country, seed * 1_000_003L + ibanSeed++);
        } while (!usedIbans.add(iban));
        return iban;
    }

    private static Line line(Invoice inv, BigDecimal amount) {
        return new Line(inv.number(), amount, BigDecimal.ZERO.setScale(2));
    }

    private static String digits(String number) {
        return number.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
    }

    private static String compact(String number) {
        return number.replaceAll("[^A-Za-z0-9]", "");
    }

    /** An extra separator inside the last group: INV-2026-001234 -> INV-2026-001-234. */
    private static String insertDash(String number) {
        return number.substring(0, number.length() - 3) + "-" + number.substring(number.length() - 3);
    }

    private String date() {
        LocalDate d = ISSUE.plusDays(rnd.nextInt(60));
        return pick(String.format(Locale.ROOT, "%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()),
                String.format(Locale.ROOT, "%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()), d.toString());
    }

    private String kd() {
        return String.valueOf(10_000 + rnd.nextInt(90_000));
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }
}
