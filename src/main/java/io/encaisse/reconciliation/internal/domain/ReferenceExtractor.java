package io.encaisse.reconciliation.internal.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tokens of remittance information that could be invoice numbers, in the order the payer wrote them.
 * Structured references come first: the payer's bank vouches for them.
 */
public final class ReferenceExtractor {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?");
    private static final int MAX_TOKENS = 64;

    private ReferenceExtractor() {
    }

    public static List<String> candidates(List<String> structuredRefs, String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String ref : structuredRefs) {
            if (ref != null && !ref.isBlank()) {
                addWithVariants(out, ref.trim());
            }
        }
        if (text != null) {
            Matcher m = TOKEN.matcher(text);
            while (m.find() && out.size() < MAX_TOKENS) {
                String token = m.group();
                // a bare short number ("12", "2026") is a date or quantity far more often than an invoice
                if (token.length() >= 3 && token.chars().anyMatch(Character::isDigit)) {
                    addWithVariants(out, token);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void addWithVariants(Set<String> out, String token) {
        out.add(token);
        out.add(token.toUpperCase(Locale.ROOT));
    }
}
