package io.encaisse.reconciliation.internal.domain;

import java.util.Locale;

/** ISO 11649 creditor references (RF) for our invoices. */
public final class RfReference {

    private RfReference() {
    }

    /**
     * The RF reference a customer can quote to pay the invoice: {@code RF} + check digits + the invoice number's
     * {@linkplain InvoiceKeys#key normalised key} (letters and digits only, upper case, leading zeros of a number
     * after a letter dropped), so matching finds the invoice from the reference alone.
     *
     * @throws IllegalArgumentException when the key is longer than the 21 characters an RF reference can hold
     */
    public static String forInvoice(String invoiceNumber) {
        String key = InvoiceKeys.key(invoiceNumber);
        if (key.isEmpty() || key.length() > 21) {
            throw new IllegalArgumentException("Invoice number '" + invoiceNumber + "' does not fit an RF reference (1-21 letters"
                    + " and digits after normalisation, got " + key.length() + ")");
        }
        return "RF" + checkDigits(key) + key;
    }

    /** The two check digits of an RF reference for this (upper-case alphanumeric) payload. */
    static String checkDigits(String payload) {
        int check = 98 - CheckDigits.mod97(payload.toUpperCase(Locale.ROOT) + "RF00");
        return check < 10 ? "0" + check : String.valueOf(check);
    }

    public static boolean isValid(String reference) {
        return StructuredReference.parse(reference).filter(r -> r.type() == StructuredReference.Type.RF).isPresent();
    }

    /** A 27-digit Swiss QR reference for a number (tests, and ERPs that want one): zero-padded + check digit. */
    public static String qrReferenceFor(String digits) {
        if (!digits.matches("\\d{1,26}")) {
            throw new IllegalArgumentException("A QR reference holds 1-26 digits, got '" + digits + "'");
        }
        String body = "0".repeat(26 - digits.length()) + digits;
        return body + CheckDigits.mod10Recursive(body);
    }

    /** The Belgian structured communication +++ddd/dddd/ddddd+++ for a number of up to 10 digits. */
    public static String belgianFor(String digits) {
        if (!digits.matches("\\d{1,10}")) {
            throw new IllegalArgumentException("A structured communication holds 1-10 digits, got '" + digits + "'");
        }
        String base = "0".repeat(10 - digits.length()) + digits;
        long check = Long.parseLong(base) % 97 == 0 ? 97 : Long.parseLong(base) % 97;
        String all = base + (check < 10 ? "0" + check : String.valueOf(check));
        return "+++" + all.substring(0, 3) + "/" + all.substring(3, 7) + "/" + all.substring(7) + "+++";
    }
}
