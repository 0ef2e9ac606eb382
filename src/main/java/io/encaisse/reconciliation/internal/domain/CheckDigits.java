package io.encaisse.reconciliation.internal.domain;

/** The check-digit algorithms of the structured payment references. */
public final class CheckDigits {

    private static final int[] MOD10_RECURSIVE = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};

    private CheckDigits() {
    }

    /** ISO 7064 MOD 97-10 remainder of an alphanumeric string (letters A=10 … Z=35), as used by IBAN and RF. */
    public static int mod97(String alnum) {
        int r = 0;
        for (int i = 0; i < alnum.length(); i++) {
            char c = alnum.charAt(i);
            if (c >= '0' && c <= '9') {
                r = (r * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                r = (r * 100 + (c - 'A' + 10)) % 97;
            } else {
                throw new IllegalArgumentException("Not alphanumeric: " + alnum);
            }
        }
        return r;
    }

    /** The Swiss "modulo 10 recursive" check digit (QR reference, ISR) of a string of digits. */
    public static int mod10Recursive(String digits) {
        int carry = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("Not digits: " + digits);
            }
            carry = MOD10_RECURSIVE[(carry + (c - '0')) % 10];
        }
        return (10 - carry) % 10;
    }
}
