package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalised forms of invoice numbers that matching looks up, so "inv 2026-001", "INV2026001" and "INV-2026-001"
 * are the same number. {@link #key} and {@link #digits} are those of {@link io.encaisse.shared.InvoiceNumberKeys}, which the
 * invoices module also uses to fill {@code invoice.number_key} and {@code number_digits} (V18): one implementation.
 */
public final class InvoiceKeys {

    /** How a key was found in the payer's text. */
    public enum Found {
        /** one token as written */
        TOKEN,
        /** adjacent tokens joined (a number split by spaces, or across remittance lines) */
        JOINED
    }

    public record Candidate(String key, Found how) {
    }

    private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Z0-9]");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}._:/#-]*[\\p{L}\\p{N}])?");
    private static final Pattern LETTER_PREFIX = Pattern.compile("^[A-Z]+(?=[0-9])");
    private static final int MAX_KEYS = 300;
    private static final int MAX_PARTS = 4;
    private static final int MAX_JOINED = 3;

    private InvoiceKeys() {
    }

    /**
     * Upper case, letters and digits only, and the leading zeros of a number that starts the text or follows a letter
     * dropped: {@code "inv-0042"} → {@code "INV42"}, {@code "INV-2026-001"} → {@code "INV2026001"}.
     * SQL: {@code regexp_replace(regexp_replace(upper(n), '[^A-Z0-9]', '', 'g'), '(^|[A-Z])0+([0-9])', '\1\2', 'g')}.
     */
    public static String key(String text) {
        return io.encaisse.shared.InvoiceNumberKeys.key(text);
    }

    /** The digits only, leading zeros dropped (empty for none left). SQL: {@code ltrim(regexp_replace(n, '[^0-9]', '', 'g'), '0')}. */
    public static String digits(String text) {
        return io.encaisse.shared.InvoiceNumberKeys.digits(text);
    }

    /**
     * The keys that could be invoice numbers in what the payer wrote, in order, each marked with how it was found:
     * <ul>
     *   <li>{@link Found#TOKEN}: each token as written ("INV-2026-001", "inv2026001"), and each run of two or more of its
     *       separator-delimited parts ("FACT:2026-0042" gives "20260042"; "INV-1/INV-2" gives "INV1" and "INV2");</li>
     *   <li>{@link Found#JOINED}: runs of up to three adjacent tokens joined without separator ("INV 2026 001", a number
     *       cut at the end of a remittance line), single parts of a token, and a token without its letter prefix
     *       ("FACT2026001" gives "2026001").</li>
     * </ul>
     * Prefix words such as "Facture n°", "Rechnung Nr." or "FACT" are tokens of their own, so the number after them is
     * found alone. A key must hold a digit and at least 3 characters; at most {@value #MAX_KEYS} keys are returned.
     */
    public static List<Candidate> fromText(String text) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find() && tokens.size() < MAX_KEYS) {
            tokens.add(m.group().toUpperCase(Locale.ROOT));
        }
        List<String> joinedLater = new ArrayList<>();
        for (String t : tokens) {
            add(out, key(t), Found.TOKEN);
            String[] parts = t.split("[^\\p{L}\\p{N}]+");
            for (int n = 2; n < parts.length && n <= MAX_PARTS; n++) {
                for (int i = 0; i + n <= parts.length; i++) {
                    add(out, key(String.join("", java.util.Arrays.asList(parts).subList(i, i + n))), Found.TOKEN);
                }
            }
            if (parts.length > 1) {
                joinedLater.addAll(List.of(parts));
            }
            String alnum = NOT_ALNUM.matcher(t).replaceAll("");
            joinedLater.add(LETTER_PREFIX.matcher(alnum).replaceFirst(""));
        }
        for (String part : joinedLater) {
            add(out, key(part), Found.JOINED);
        }
        for (int n = 2; n <= MAX_JOINED; n++) {
            for (int i = 0; i + n <= tokens.size() && out.size() < MAX_KEYS; i++) {
                StringBuilder joined = new StringBuilder();
                for (int j = i; j < i + n; j++) {
                    joined.append(NOT_ALNUM.matcher(tokens.get(j)).replaceAll(""));
                }
                add(out, key(joined.toString()), Found.JOINED);
            }
        }
        return List.copyOf(out.values());
    }

    /** Digits of a number written without letters ("2026-0042", "20260042"): at least this many, leading zeros dropped. */
    public static final int MIN_BARE_DIGITS = 6;
    private static final Pattern BARE_NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}])[0-9][0-9./_-]*[0-9](?![\\p{L}\\p{N}])");

    /**
     * The digit strings of the numbers in the text that hold no letter (an invoice number without its prefix), each at
     * least {@value #MIN_BARE_DIGITS} digits once its leading zeros are dropped; for the digits index.
     */
    public static List<String> digitsWithoutPrefix(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher m = BARE_NUMBER.matcher(text);
        while (m.find() && out.size() < 50) {
            String d = digits(m.group());
            if (d.length() >= MIN_BARE_DIGITS && d.length() <= 64 && !out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static void add(Map<String, Candidate> out, String key, Found how) {
        if (out.size() >= MAX_KEYS || key.length() < 3 || key.length() > 64 || key.chars().noneMatch(Character::isDigit)) {
            return;
        }
        out.putIfAbsent(key, new Candidate(key, how));
    }
}
