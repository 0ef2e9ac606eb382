package io.encaisse.webhooks.internal.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. A bare address means
 * a single host (/32 or /128). Host bits below the prefix are ignored. Parsing never uses DNS.
 * IPv4 blocks only match IPv4 addresses and IPv6 blocks only IPv6 addresses (the guard turns
 * IPv4-mapped IPv6 addresses into IPv4 before matching).
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = mask(network, prefixLength);
        this.prefixLength = prefixLength;
    }

    /**
     * @throws IllegalArgumentException if the text is not an IP literal with an optional valid prefix
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("CIDR is empty");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        String addressPart = slash < 0 ? t : t.substring(0, slash);
        InetAddress address = parseLiteral(addressPart, t);
        boolean writtenAsV6 = addressPart.indexOf(':') >= 0;
        int max = address instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("CIDR '" + t + "' has an invalid prefix length");
            }
            prefix = Integer.parseInt(p);
            if (writtenAsV6 && address instanceof Inet4Address) {
                // ::ffff:a.b.c.d/n: the JDK returns an IPv4 address; shift the prefix accordingly
                if (prefix < 96) {
                    throw new IllegalArgumentException("CIDR '" + t + "' mixes IPv4-mapped and other IPv6 addresses");
                }
                prefix -= 96;
            }
            if (prefix > max) {
                throw new IllegalArgumentException("CIDR '" + t + "' has a prefix length above " + max);
            }
        }
        return new Cidr(address.getAddress(), prefix);
    }

    /** Parses a comma-separated list; blank gives an empty list. */
    public static List<Cidr> parseList(String csv) {
        List<Cidr> result = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return result;
        }
        for (String item : csv.split(",")) {
            if (!item.isBlank()) {
                result.add(parse(item));
            }
        }
        return List.copyOf(result);
    }

    private static InetAddress parseLiteral(String s, String whole) {
        if (s.indexOf(':') >= 0) {
            try {
                // brackets make the JDK parse an IPv6 literal or fail, never fall back to DNS
                String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
                if (bare.indexOf('%') >= 0) {
                    throw new IllegalArgumentException("CIDR '" + whole + "' must not carry an IPv6 zone id");
                }
                return InetAddress.getByName("[" + bare + "]");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("CIDR '" + whole + "' is not a valid IPv6 address");
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("CIDR '" + whole + "' is not a dotted-quad IPv4 or an IPv6 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("CIDR '" + whole + "' is not a dotted-quad IPv4 address");
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                throw new IllegalArgumentException("CIDR '" + whole + "' has an octet above 255");
            }
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 bytes
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            int m = bitsHere == 0 ? 0 : (0xFF << (8 - bitsHere)) & 0xFF;
            out[i] = (byte) (out[i] & m);
        }
        return out;
    }

    public boolean contains(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(a, prefixLength), network);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(network).getHostAddress();
            return host + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
