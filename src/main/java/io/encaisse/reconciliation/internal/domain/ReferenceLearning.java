package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "This payer writes references like that": from a person's allocation of a credit to one customer, the one word of
 * the remittance that looks like the payer's own code for the customer (a customer number, contract or account code)
 * becomes a proposed reference rule for that customer ({@link PayerReference.Match#EXACT}). A word qualifies when it
 * has 4 to 35 letters and digits with at least one digit, and is none of: the allocated invoices' numbers or their
 * digits (or a part of them), the amount, a year or a date. Exactly one such word, or nothing is learned: two
 * candidates are a guess.
 */
public final class ReferenceLearning {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern YEAR_OR_DATE = Pattern.compile("(19|20)\\d{2}|\\d{6}|(19|20)\\d{6}|\\d{8}");

    private ReferenceLearning() {
    }

    /**
     * @param remittance what the payer wrote (unstructured lines and structured references)
     * @param invoiceNumbers the numbers of the invoices the person allocated the credit to
     * @param amount the credit's amount as plain digits with its decimals ("120.00")
     */
    public static Optional<String> learn(String remittance, List<String> invoiceNumbers, String amount) {
        if (remittance == null || remittance.isBlank()) {
            return Optional.empty();
        }
        List<String> numberKeys = new ArrayList<>();
        for (String n : invoiceNumbers) {
            numberKeys.add(InvoiceKeys.key(n));
            numberKeys.add(n.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", ""));
            numberKeys.add(InvoiceKeys.digits(n));
        }
        String amountDigits = amount == null ? "" : amount.replaceAll("[^0-9]", "");
        Set<String> found = new LinkedHashSet<>();
        Matcher m = WORD.matcher(remittance);
        while (m.find()) {
            String w = m.group().toUpperCase(Locale.ROOT);
            if (w.length() < 4 || w.length() > 35 || w.chars().noneMatch(Character::isDigit)) {
                continue;
            }
            String stripped = w.replaceFirst("^0+", "");
            boolean partOfInvoice = numberKeys.stream().anyMatch(k -> !k.isEmpty() && (k.contains(w) || k.contains(stripped)));
            boolean isAmount = w.equals(amountDigits) || amountDigits.startsWith(w);
            if (!partOfInvoice && !isAmount && !YEAR_OR_DATE.matcher(w).matches()) {
                found.add(w);
            }
        }
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }
}
