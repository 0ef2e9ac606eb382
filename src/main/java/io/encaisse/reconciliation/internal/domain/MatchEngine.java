package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the configured rules in order and decides: the best candidate is applied only when automatic application is
 * on, its score reaches the threshold, and no other candidate is within the margin of it (a tie never is); otherwise
 * the ranked candidates are suggested to a person. Rules that identify the payer run only when no earlier rule found
 * a candidate. The same allocation proposed by two rules counts once, with the higher score.
 */
public final class MatchEngine {

    /** The rule names, in the default order. */
    public static final List<String> DEFAULT_RULES = List.of(StructuredReferenceRule.NAME, InvoiceNumberRule.NAME,
            EndToEndReferenceRule.NAME, CustomerReferenceRule.NAME, PayerIbanRule.NAME, PayerNameRule.NAME);
    public static final int MAX_SUGGESTIONS = 5;
    /**
     * Taken off a candidate that pays a customer other than the one(s) the payer's IBAN is known for: a typo in an
     * invoice number must not move money to another customer automatically (it becomes a suggestion).
     */
    public static final int PAYER_CONFLICT_PENALTY = 25;

    /**
     * @param threshold minimum score (0-100) for automatic application
     * @param margin the best must lead the second-best by at least this many points
     */
    public record Settings(boolean autoApply, int threshold, int margin) {
        public Settings {
            if (threshold < 0 || threshold > 100 || margin < 0 || margin > 100) {
                throw new IllegalArgumentException("threshold and margin are 0-100");
            }
        }
    }

    private final List<MatchRule> rules;
    private final Settings settings;

    public MatchEngine(List<MatchRule> rules, Settings settings) {
        this.rules = List.copyOf(rules);
        this.settings = settings;
    }

    /** The rules by name, in the configured order. */
    public static MatchEngine configured(List<String> names, AmountTolerance tolerance, Settings settings) {
        List<MatchRule> rules = new ArrayList<>();
        for (String name : names) {
            rules.add(switch (name) {
                case StructuredReferenceRule.NAME -> new StructuredReferenceRule(tolerance);
                case InvoiceNumberRule.NAME -> new InvoiceNumberRule(tolerance);
                case EndToEndReferenceRule.NAME -> new EndToEndReferenceRule(tolerance);
                case CustomerReferenceRule.NAME -> new CustomerReferenceRule();
                case PayerIbanRule.NAME -> new PayerIbanRule();
                case PayerNameRule.NAME -> new PayerNameRule();
                default -> throw new IllegalArgumentException("Unknown reconciliation rule '" + name + "'; known: " + DEFAULT_RULES);
            });
        }
        return new MatchEngine(rules, settings);
    }

    public List<String> ruleNames() {
        return rules.stream().map(MatchRule::name).toList();
    }

    public MatchDecision decide(Payment payment, Ledger ledger) {
        Map<String, Candidate> unique = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        boolean converted = false;
        for (MatchRule rule : rules) {
            if (rule.onlyWithoutReference() && !converted) {
                converted = true;
                proposeConverted(payment, ledger, unique);
            }
            if (rule.onlyWithoutReference() && !unique.isEmpty()) {
                continue;
            }
            MatchRule.Proposal p = rule.propose(payment, ledger);
            for (Candidate c : p.candidates()) {
                unique.merge(c.sameAllocationKey(), c, (a, b) -> b.score() > a.score() ? b : a);
            }
            notes.addAll(p.notes());
        }
        if (!converted) {
            proposeConverted(payment, ledger, unique);
        }
        if (unique.isEmpty()) {
            return new MatchDecision.Review(notes.isEmpty() ? InvoiceNumberRule.NOTHING_FOUND : String.join("; ", notes.stream().distinct().toList()));
        }
        // stable: equal scores keep the rules' order
        List<Candidate> ranked = unique.values().stream().sorted(Comparator.comparingInt(Candidate::score).reversed()).toList();
        Candidate best = ranked.get(0);
        Candidate second = ranked.size() > 1 ? ranked.get(1) : null;
        List<Candidate> shown = ranked.subList(0, Math.min(MAX_SUGGESTIONS, ranked.size()));
        if (!settings.autoApply()) {
            return new MatchDecision.Suggest(shown, "Automatic application is switched off (encaisse.reconciliation.auto-apply)");
        }
        long tied = ranked.stream().filter(c -> c.score() == best.score()).count();
        if (tied > 1) {
            return new MatchDecision.Suggest(shown, "Ambiguous: " + tied + " candidates score " + best.score()
                    + "; none is applied automatically");
        }
        if (best.score() < settings.threshold()) {
            return new MatchDecision.Suggest(shown, "Best candidate (rule " + best.rule() + ") scores " + best.score()
                    + ", below the threshold of " + settings.threshold() + " for automatic application: " + best.explanation());
        }
        if (second != null && best.score() - second.score() < settings.margin()) {
            return new MatchDecision.Suggest(shown, "Too close to call: the best candidate (" + best.score() + ", rule " + best.rule()
                    + ") leads the next (" + second.score() + ", rule " + second.rule() + ") by less than the margin of "
                    + settings.margin() + " points");
        }
        if (best.suggestOnly()) {
            return new MatchDecision.Suggest(shown, (best.fx() != null || isCurrencyMismatch(best, payment)
                    ? "Currency mismatch, for a person to confirm: " : "Rests on a proposed payer rule no operator accepted yet: ")
                    + best.explanation());
        }
        // conflicting evidence can only hold an application back, never make another candidate win
        Set<String> payerCustomers = payment.payerIban() == null ? Set.of() : ledger.customersKnownForIban(payment.payerIban());
        Candidate checked = checkedAgainstPayer(best, payerCustomers);
        if (checked.score() < settings.threshold()) {
            List<Candidate> held = new ArrayList<>(shown);
            held.set(0, checked);
            return new MatchDecision.Suggest(held, "Held back for a person: " + checked.explanation());
        }
        Candidate exactElsewhere = exactForAnotherInvoice(best, payment, ledger);
        if (exactElsewhere != null) {
            List<Candidate> held = new ArrayList<>(shown.subList(0, Math.min(shown.size(), MAX_SUGGESTIONS - 1)));
            held.add(1, exactElsewhere);
            return new MatchDecision.Suggest(held, "Held back for a person: the payment is only part of invoice "
                    + best.lines().get(0).item().invoiceNumber() + " but exactly the open amount of the same customer's invoice "
                    + exactElsewhere.lines().get(0).item().invoiceNumber() + " (a typo in the number?)");
        }
        return new MatchDecision.Allocate(best.lines(), best.fx() == null ? best.unapplied() : Money.zero(payment.amount().currency()),
                best.allocationRule(), best.explanation() + " (rule " + best.rule() + ", score " + best.score() + ")", best.fx());
    }

    private static boolean isCurrencyMismatch(Candidate c, Payment payment) {
        return c.lines().stream().anyMatch(l -> !l.amount().currency().equals(payment.amount().currency()));
    }

    /**
     * A payment in another currency than the invoices it names: the rules that name invoices run again on the amount
     * the entry's exchange details give in each other currency (the instructed amount, else the bank amount converted
     * at the entry's rate). Such a candidate may be applied automatically only when the converted amount settles the
     * named invoices exactly or within tolerance; a partial payment or an overpayment is a suggestion.
     */
    private void proposeConverted(Payment payment, Ledger ledger, Map<String, Candidate> unique) {
        if (payment.exchange() == null) {
            return;
        }
        for (String currency : payment.exchange().currenciesOtherThan(payment.amount().currency())) {
            Exchange.Converted fx = payment.exchange().convert(payment.amount(), currency).orElse(null);
            if (fx == null) {
                continue;
            }
            Payment inCurrency = payment.convertedTo(fx.converted());
            for (MatchRule rule : rules) {
                if (!rule.namesInvoices()) {
                    continue;
                }
                for (Candidate c : rule.propose(inCurrency, ledger).candidates()) {
                    boolean settles = c.unapplied().isZero()
                            && c.lines().stream().allMatch(l -> l.settles().compareTo(l.item().open()) == 0);
                    Candidate fxc = c.converted(fx, !settles, "Currency conversion: " + fx.how()
                            + (settles ? ". " : "; the converted amount does not settle the invoice(s) named. "));
                    unique.merge(fxc.sameAllocationKey(), fxc, (a, b) -> b.score() > a.score() ? b : a);
                }
            }
        }
    }

    /**
     * A payment that would pay part of the one invoice it names, while it is exactly the open amount of another open
     * invoice of the same customer: the number may be mistyped, so that other invoice is the alternative (null if none).
     */
    static Candidate exactForAnotherInvoice(Candidate best, Payment payment, Ledger ledger) {
        if (best.lines().size() != 1) {
            return null;
        }
        MatchDecision.Line line = best.lines().get(0);
        if (line.writeOff().isPositive() || line.amount().compareTo(line.item().open()) >= 0) {
            return null;
        }
        for (OpenItem other : ledger.openInvoicesOf(line.item().customerRef())) {
            if (!other.invoiceId().equals(line.item().invoiceId()) && other.payableIn(payment.amount().currency())
                    && other.open().compareTo(payment.amount()) == 0) {
                return new Candidate(best.rule(), MatchPolicy.RULE_SINGLE, Math.max(0, best.score() - ReferenceCandidates.ONE_OF_SEVERAL_PENALTY),
                        List.of(new MatchDecision.Line(other, payment.amount())), Money.zero(payment.amount().currency()),
                        "The payment of " + payment.amount() + " is exactly the open amount of invoice " + other.invoiceNumber()
                                + " of the same customer, while the remittance names " + line.item().invoiceNumber()
                                + " (" + line.item().open() + " open)",
                        new Candidate.Evidence(null, "exact", null, null));
            }
        }
        return null;
    }

    /** Conflicting evidence lowers the score: the IBAN says one customer pays, the candidate pays another. */
    static Candidate checkedAgainstPayer(Candidate c, Set<String> payerCustomers) {
        if (payerCustomers.isEmpty()) {
            return c;
        }
        Set<String> paid = c.lines().stream().map(l -> l.item().customerRef()).collect(Collectors.toSet());
        if (payerCustomers.containsAll(paid)) {
            return c;
        }
        return new Candidate(c.rule(), c.allocationRule(), Math.max(0, c.score() - PAYER_CONFLICT_PENALTY), c.lines(), c.unapplied(),
                c.explanation() + "; but the payer's IBAN belongs to customer " + String.join(", ", payerCustomers.stream().sorted().toList())
                        + ", not to " + String.join(", ", paid.stream().sorted().toList()), c.evidence(), c.suggestOnly(), c.fx());
    }
}
