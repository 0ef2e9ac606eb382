package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A reference a customer's payments carry ("their payments say 'CLIENT 4711'"), configured for the customer or learned
 * from a person's allocation: {@link Match#EXACT} the same letters and digits appear as one word or as adjacent words
 * (case, spaces and punctuation ignored: "client-4711", "CLIENT 4711"); {@link Match#PREFIX} a word starts with it
 * ("KD4711" for prefix "KD47"); {@link Match#REGEX} a Java regular expression found in the remittance, ignoring case.
 *
 * @param accepted true when an operator configured or accepted it; false for a proposal (suggestions only)
 */
public record PayerReference(String customerRef, String value, Match match, boolean accepted) {

    public enum Match {
        EXACT, PREFIX, REGEX
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_JOINED = 3;
    private static final int MAX_KEYS = 400;

    public PayerReference {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a reference needs a value");
        }
        if (match == Match.REGEX) {
            compile(value);
        } else if (key(value).length() < 3) {
            throw new IllegalArgumentException("reference '" + value + "' is too short: at least 3 letters or digits");
        }
    }

    /** Checks a regular expression; the message says what is wrong. */
    public static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription(), e);
        }
    }

    /** How EXACT and PREFIX values are compared and indexed: upper case, letters and digits only. */
    public static String key(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** The keys an EXACT reference can be found by in this payment: each word and each run of up to three words. */
    public static Set<String> keysIn(Payment payment) {
        List<String> words = words(payment);
        Set<String> out = new LinkedHashSet<>();
        for (int n = 1; n <= MAX_JOINED; n++) {
            for (int i = 0; i + n <= words.size() && out.size() < MAX_KEYS; i++) {
                String k = String.join("", words.subList(i, i + n));
                if (k.length() >= 3 && k.length() <= 255) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** True when the payment carries this reference. */
    public boolean foundIn(Payment payment) {
        return switch (match) {
            case EXACT -> keysIn(payment).contains(key(value));
            case PREFIX -> {
                String prefix = key(value);
                yield words(payment).stream().anyMatch(w -> w.startsWith(prefix));
            }
            case REGEX -> {
                Matcher m = compile(value).matcher(text(payment));
                yield m.find();
            }
        };
    }

    public String describe() {
        return switch (match) {
            case EXACT -> "'" + value + "'";
            case PREFIX -> "a word starting with '" + value + "'";
            case REGEX -> "the pattern /" + value + "/";
        };
    }

    private static String text(Payment payment) {
        return String.join(" ", payment.structuredRefs()) + " " + (payment.remittance() == null ? "" : payment.remittance());
    }

    private static List<String> words(Payment payment) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text(payment));
        while (m.find() && out.size() < MAX_KEYS) {
            out.add(m.group().toUpperCase(Locale.ROOT));
        }
        return out;
    }
}
