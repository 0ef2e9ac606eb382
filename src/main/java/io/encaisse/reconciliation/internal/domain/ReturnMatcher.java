package io.encaisse.reconciliation.internal.domain;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Finds the credit a return takes back. In order, on the same account and currency, among credits not returned yet:
 * <ol>
 *   <li>the credit whose transaction details carry the return's end-to-end id ({@code NOTPROVIDED} does not count);</li>
 *   <li>else the credit whose details carry the return's instruction id;</li>
 *   <li>else the one credit of exactly the returned amount from the same counterparty IBAN booked within
 *       {@link #WINDOW_DAYS} days before the return.</li>
 * </ol>
 * A rule that finds exactly one credit decides; a rule that finds several leaves the return for a person; a rule that
 * finds none hands over to the next. The found credit must be of exactly the returned amount: a partial return (say
 * one payment out of a batch credit) is for a person to settle.
 */
public final class ReturnMatcher {

    public static final int WINDOW_DAYS = 120;
    public static final String RULE_END_TO_END = "end-to-end-id";
    public static final String RULE_INSTRUCTION = "instruction-id";
    public static final String RULE_AMOUNT_IBAN = "amount-counterparty-iban";

    /** The return as the rule sees it. */
    public record Returned(Money amount, String account, String endToEndId, String instructionId, String counterpartyIban,
                           LocalDate date) {
    }

    /** A credit that could be the original. */
    public record Candidate(UUID id, Money amount, String account, Set<String> endToEndIds, Set<String> instructionIds,
                            String counterpartyIban, LocalDate date) {
    }

    public sealed interface Outcome {
    }

    public record Found(Candidate original, String rule, String explanation) implements Outcome {
    }

    public record NotFound(String reason) implements Outcome {
    }

    private ReturnMatcher() {
    }

    /** An id a bank writes when the payer gave none is no id. */
    public static boolean usableId(String id) {
        return id != null && !id.isBlank() && !"NOTPROVIDED".equalsIgnoreCase(id.trim());
    }

    public static String normalizeIban(String iban) {
        return iban == null ? null : iban.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    public static Outcome find(Returned r, List<Candidate> candidates) {
        List<Candidate> eligible = candidates.stream()
                .filter(c -> c.amount().currency().equals(r.amount().currency()))
                .filter(c -> r.account() == null || r.account().equals(c.account()))
                .toList();
        if (usableId(r.endToEndId())) {
            String e2e = r.endToEndId().trim();
            Outcome o = decide(eligible, c -> c.endToEndIds().contains(e2e), r, RULE_END_TO_END, "end-to-end id " + e2e);
            if (o != null) {
                return o;
            }
        }
        if (usableId(r.instructionId())) {
            String instr = r.instructionId().trim();
            Outcome o = decide(eligible, c -> c.instructionIds().contains(instr), r, RULE_INSTRUCTION, "instruction id " + instr);
            if (o != null) {
                return o;
            }
        }
        String iban = normalizeIban(r.counterpartyIban());
        if (iban == null || iban.isEmpty()) {
            return new NotFound("Return of " + r.amount() + ": no credit carries its end-to-end or instruction id, and it names"
                    + " no counterparty IBAN to look further");
        }
        LocalDate from = r.date() == null ? null : r.date().minusDays(WINDOW_DAYS);
        Predicate<Candidate> sameMoney = c -> c.amount().compareTo(r.amount()) == 0
                && iban.equals(normalizeIban(c.counterpartyIban()))
                && (r.date() == null || c.date() == null || (!c.date().isBefore(from) && !c.date().isAfter(r.date())));
        Outcome o = decide(eligible, sameMoney, r, RULE_AMOUNT_IBAN,
                "amount " + r.amount() + " from " + iban + " within " + WINDOW_DAYS + " days before the return");
        return o != null ? o : new NotFound("Return of " + r.amount() + ": no credit of that amount from " + iban
                + " within " + WINDOW_DAYS + " days before it (nor one carrying its end-to-end or instruction id)");
    }

    private static Outcome decide(List<Candidate> eligible, Predicate<Candidate> rule, Returned r, String name, String what) {
        List<Candidate> hits = eligible.stream().filter(rule).toList();
        if (hits.isEmpty()) {
            return null;
        }
        if (hits.size() > 1) {
            return new NotFound("Return of " + r.amount() + ": " + hits.size() + " credits match by " + what
                    + "; which one was returned is for a person to decide");
        }
        Candidate c = hits.get(0);
        if (c.amount().compareTo(r.amount()) != 0) {
            return new NotFound("Return of " + r.amount() + ": the credit found by " + what + " is of " + c.amount()
                    + "; a partial return is for a person to settle");
        }
        return new Found(c, name, "Returns the credit of " + c.amount() + (c.date() == null ? "" : " booked " + c.date())
                + ", found by " + what);
    }
}
