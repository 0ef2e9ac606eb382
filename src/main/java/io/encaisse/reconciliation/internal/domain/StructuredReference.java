package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A creditor reference whose check digits are valid, and what it encodes:
 * <ul>
 *   <li>{@link Type#RF} ISO 11649 ({@code RF} + 2 check digits (MOD 97-10) + up to 21 alphanumerics): the part after
 *       the check digits is compared with the invoice number's {@linkplain InvoiceKeys#key normalised key};</li>
 *   <li>{@link Type#QRR} Swiss QR reference / ISR (27 digits, the last a modulo 10 recursive check digit) and
 *       {@link Type#BE} Belgian structured communication ({@code +++123/4567/89012+++}: 10 digits + 2 check digits,
 *       base mod 97, 97 for 0): these hold digits only, so the digits before the check digits, leading zeros
 *       stripped, are compared with the invoice number's {@linkplain InvoiceKeys#digits digits}.</li>
 * </ul>
 *
 * @param raw the reference as written (spaces stripped)
 * @param payload the key (RF) or digits (QRR, BE) that is looked up
 */
public record StructuredReference(Type type, String raw, String payload) {

    public enum Type {
        RF, QRR, BE
    }

    private static final Pattern RF_IN_TEXT = Pattern.compile("(?i)\\bRF\\d{2}(?: ?[A-Z0-9]{1,4}){1,6}");
    private static final Pattern BE_IN_TEXT = Pattern.compile("(\\+\\+\\+|\\*\\*\\*)\\s*(\\d{3})\\s*/\\s*(\\d{4})\\s*/\\s*(\\d{5})\\s*\\1");
    private static final Pattern QRR_IN_TEXT = Pattern.compile("(?<!\\d)\\d{2}(?: ?\\d{5}){5}(?!\\d)");

    /** Parses one reference as the bank gave it (any of the three types); empty when it is none or its check digits are wrong. */
    public static Optional<StructuredReference> parse(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String s = reference.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (s.startsWith("RF")) {
            return rf(s);
        }
        Matcher be = BE_IN_TEXT.matcher(s);
        if (be.matches()) {
            return belgian(be.group(2) + be.group(3) + be.group(4));
        }
        if (s.matches("\\d{27}")) {
            return qrr(s);
        }
        if (s.matches("\\d{12}")) {
            return belgian(s);
        }
        return Optional.empty();
    }

    /** Every valid structured reference written in free text (RF with or without its groups of four, +++…+++, QRR). */
    public static List<StructuredReference> findIn(String text) {
        Map<String, StructuredReference> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Matcher rf = RF_IN_TEXT.matcher(text);
        while (rf.find()) {
            // the groups may run into the next word: the longest prefix with valid check digits wins
            List<String> groups = new ArrayList<>(List.of(rf.group().split(" ")));
            while (!groups.isEmpty()) {
                Optional<StructuredReference> r = rf(String.join("", groups).toUpperCase(Locale.ROOT));
                if (r.isPresent()) {
                    out.putIfAbsent(r.get().raw(), r.get());
                    break;
                }
                groups.remove(groups.size() - 1);
            }
        }
        Matcher be = BE_IN_TEXT.matcher(text);
        while (be.find()) {
            belgian(be.group(2) + be.group(3) + be.group(4)).ifPresent(r -> out.putIfAbsent(r.raw(), r));
        }
        Matcher qrr = QRR_IN_TEXT.matcher(text);
        while (qrr.find()) {
            qrr(qrr.group().replace(" ", "")).ifPresent(r -> out.putIfAbsent(r.raw(), r));
        }
        return List.copyOf(out.values());
    }

    static Optional<StructuredReference> rf(String s) {
        if (!s.matches("RF\\d{2}[A-Z0-9]{1,21}")) {
            return Optional.empty();
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        if (CheckDigits.mod97(rearranged) != 1) {
            return Optional.empty();
        }
        return Optional.of(new StructuredReference(Type.RF, s, InvoiceKeys.key(s.substring(4))));
    }

    static Optional<StructuredReference> qrr(String digits) {
        if (!digits.matches("\\d{27}") || digits.chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        if (CheckDigits.mod10Recursive(digits.substring(0, 26)) != digits.charAt(26) - '0') {
            return Optional.empty();
        }
        return Optional.of(new StructuredReference(Type.QRR, digits, stripZeros(digits.substring(0, 26))));
    }

    static Optional<StructuredReference> belgian(String digits) {
        if (!digits.matches("\\d{12}")) {
            return Optional.empty();
        }
        long base = Long.parseLong(digits.substring(0, 10));
        long check = base % 97 == 0 ? 97 : base % 97;
        if (check != Long.parseLong(digits.substring(10))) {
            return Optional.empty();
        }
        return Optional.of(new StructuredReference(Type.BE, "+++" + digits.substring(0, 3) + "/" + digits.substring(3, 7) + "/"
                + digits.substring(7) + "+++", stripZeros(digits.substring(0, 10))));
    }

    private static String stripZeros(String digits) {
        String s = digits.replaceFirst("^0+", "");
        return s.isEmpty() ? "0" : s;
    }

    /** What a reference says, for an explanation: "RF reference RF18539007547034". */
    public String describe() {
        return switch (type) {
            case RF -> "RF creditor reference " + raw;
            case QRR -> "QR reference " + raw;
            case BE -> "structured communication " + raw;
        };
    }
}
