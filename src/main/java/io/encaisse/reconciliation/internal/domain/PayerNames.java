package io.encaisse.reconciliation.internal.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Normalised company and person names, and how alike two of them are. */
public final class PayerNames {

    /** Legal forms and filler words that say nothing about who pays. */
    private static final Set<String> NOISE = Set.of("sas", "sasu", "sarl", "eurl", "sa", "sca", "sci", "snc", "gmbh", "mbh", "ag",
            "kg", "ohg", "ug", "ev", "ltd", "limited", "llc", "llp", "lp", "plc", "inc", "incorporated", "corp", "corporation", "co",
            "company", "bv", "nv", "bvba", "srl", "spa", "sl", "ab", "as", "oy", "the", "cie", "und", "and", "et");

    private static final double TOKEN_ALIKE = 0.92;

    private PayerNames() {
    }

    /** Lower case, accents and punctuation dropped, legal forms dropped: "Société Générale S.A." → "societe generale". */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        // "S.A.R.L." and "G.m.b.H." are one word once their dots are gone
        s = s.replaceAll("(?<=\\b\\p{L})\\.(?=\\p{L}\\b)", "").replaceAll("(?<=\\b\\p{L})\\.", "");
        s = s.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        List<String> kept = new ArrayList<>();
        for (String t : s.split(" ")) {
            if (!t.isEmpty() && !NOISE.contains(t)) {
                kept.add(t);
            }
        }
        return String.join(" ", kept);
    }

    /** The longest token of a normalised name (at least 3 characters): what a customer look-up searches for. */
    public static Optional<String> distinctiveToken(String normalised) {
        return tokens(normalised).stream().filter(t -> t.length() >= 3).max(Comparator.comparingInt(String::length));
    }

    /** The words of a normalised name worth looking a customer up by (at least 3 characters), longest first. */
    public static List<String> words(String normalised) {
        return tokens(normalised).stream().filter(t -> t.length() >= 3).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * Token Jaccard similarity in [0, 1] of two normalised names, where two tokens count as the same when equal or
     * Jaro-Winkler-alike (≥ 0.92, typos such as "dupont"/"dupond").
     */
    public static double similarity(String a, String b) {
        List<String> x = tokens(a);
        List<String> y = new ArrayList<>(tokens(b));
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        int union = new LinkedHashSet<>(x).size() + new LinkedHashSet<>(y).size();
        int common = 0;
        for (String t : new LinkedHashSet<>(x)) {
            String best = null;
            for (String u : y) {
                if (t.equals(u) || (Math.min(t.length(), u.length()) >= 4 && jaroWinkler(t, u) >= TOKEN_ALIKE)) {
                    best = u;
                    break;
                }
            }
            if (best != null) {
                common++;
                y.remove(best);
            }
        }
        return (double) common / (union - common);
    }

    private static List<String> tokens(String normalised) {
        List<String> out = new ArrayList<>();
        for (String t : normalised.split(" ")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public static double jaroWinkler(String s, String t) {
        if (s.equals(t)) {
            return 1;
        }
        int range = Math.max(0, Math.max(s.length(), t.length()) / 2 - 1);
        boolean[] sm = new boolean[s.length()];
        boolean[] tm = new boolean[t.length()];
        int matches = 0;
        for (int i = 0; i < s.length(); i++) {
            for (int j = Math.max(0, i - range); j < Math.min(t.length(), i + range + 1); j++) {
                if (!tm[j] && s.charAt(i) == t.charAt(j)) {
                    sm[i] = true;
                    tm[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int transpositions = 0;
        for (int i = 0, k = 0; i < s.length(); i++) {
            if (sm[i]) {
                while (!tm[k]) {
                    k++;
                }
                if (s.charAt(i) != t.charAt(k)) {
                    transpositions++;
                }
                k++;
            }
        }
        double m = matches;
        double jaro = (m / s.length() + m / t.length() + (m - transpositions / 2.0) / m) / 3;
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(s.length(), t.length())) && s.charAt(prefix) == t.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
