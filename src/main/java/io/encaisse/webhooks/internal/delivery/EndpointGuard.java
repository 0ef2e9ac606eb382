package io.encaisse.webhooks.internal.delivery;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * SSRF guard for webhook URLs. {@link #check(URI)} refuses
 * <ul>
 *   <li>schemes other than http/https (https only when {@code requireHttps});</li>
 *   <li>URLs with user-info ({@code https://user:pass@host/});</li>
 *   <li>hosts of which <b>any</b> resolved address is loopback, link-local (incl. the cloud metadata
 *       address 169.254.169.254), private/site-local, unique-local, CGNAT 100.64/10, unspecified or
 *       "this network", multicast, broadcast/reserved, documentation or benchmarking ranges. IPv4
 *       embedded in IPv6 (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) is checked as IPv4.</li>
 * </ul>
 * An address inside a configured allow-list CIDR (e.g. {@code 127.0.0.0/8} in local mode) is always
 * accepted. The guard is immutable and thread-safe.
 *
 * <p>Resolution goes through {@link InetAddress#getAllByName}, the same resolver (and JVM DNS cache)
 * the JDK HttpClient uses, so odd literals ({@code 127.1}, {@code [::ffff:127.0.0.1]}) are judged by
 * the address they actually reach.
 */
public final class EndpointGuard {

    /** DNS lookup; the default is {@link InetAddress#getAllByName(String)}. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Block(Cidr cidr, String label) {
    }

    private static final List<Block> BLOCKED = List.of(
            // most specific first so the message names the metadata service
            block("169.254.169.254/32", "cloud metadata address"),
            block("fd00:ec2::254/128", "cloud metadata address (AWS IPv6)"),
            block("0.0.0.0/8", "unspecified/\"this network\" (0.0.0.0/8)"),
            block("10.0.0.0/8", "private network (10.0.0.0/8)"),
            block("100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)"),
            block("127.0.0.0/8", "loopback (127.0.0.0/8)"),
            block("169.254.0.0/16", "link-local (169.254.0.0/16)"),
            block("172.16.0.0/12", "private network (172.16.0.0/12)"),
            block("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
            block("192.0.2.0/24", "documentation range (192.0.2.0/24)"),
            block("192.168.0.0/16", "private network (192.168.0.0/16)"),
            block("198.18.0.0/15", "benchmarking range (198.18.0.0/15)"),
            block("198.51.100.0/24", "documentation range (198.51.100.0/24)"),
            block("203.0.113.0/24", "documentation range (203.0.113.0/24)"),
            block("224.0.0.0/4", "multicast (224.0.0.0/4)"),
            block("240.0.0.0/4", "reserved/broadcast (240.0.0.0/4)"),
            block("::/128", "unspecified (::)"),
            block("::1/128", "loopback (::1)"),
            block("fe80::/10", "link-local (fe80::/10)"),
            block("fec0::/10", "site-local (fec0::/10)"),
            block("fc00::/7", "unique-local/private (fc00::/7)"),
            block("ff00::/8", "multicast (ff00::/8)"),
            block("2001:db8::/32", "documentation range (2001:db8::/32)"),
            block("100::/64", "discard-only range (100::/64)"));

    private static Block block(String cidr, String label) {
        return new Block(Cidr.parse(cidr), label);
    }

    private final List<Cidr> allowList;
    private final boolean requireHttps;
    private final HostResolver resolver;

    public EndpointGuard(List<Cidr> allowList, boolean requireHttps) {
        this(allowList, requireHttps, InetAddress::getAllByName);
    }

    public EndpointGuard(List<Cidr> allowList, boolean requireHttps, HostResolver resolver) {
        this.allowList = List.copyOf(Objects.requireNonNull(allowList, "allowList"));
        this.requireHttps = requireHttps;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Production default: https only, no allow-list. */
    public static EndpointGuard strict() {
        return new EndpointGuard(List.of(), true);
    }

    /** From configuration: a comma-separated CIDR allow-list (may be blank). */
    public static EndpointGuard of(String allowListCsv, boolean requireHttps) {
        return new EndpointGuard(Cidr.parseList(allowListCsv), requireHttps);
    }

    public List<Cidr> allowList() {
        return allowList;
    }

    public boolean requireHttps() {
        return requireHttps;
    }

    /**
     * @throws UnsafeEndpointException if the URL is refused by policy
     * @throws UncheckedIOException    wrapping {@link UnknownHostException} if the host does not resolve
     *                                 (a transient condition, not a policy decision)
     */
    public void check(URI url) {
        checkAndResolve(url);
    }

    /** Like {@link #check(URI)}, returning the vetted addresses. */
    public List<InetAddress> checkAndResolve(URI url) {
        String host = checkSyntax(url);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("Cannot resolve webhook host '" + host + "'", e);
        }
        if (addresses == null || addresses.length == 0) {
            throw new UncheckedIOException("Cannot resolve webhook host '" + host + "'",
                    new UnknownHostException(host));
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusalReason(address);
            if (why.isPresent()) {
                throw new UnsafeEndpointException("Webhook URL host '" + host + "' resolves to "
                        + address.getHostAddress() + ", which is blocked: " + why.get()
                        + ". Add a CIDR to the webhook allow-list to permit it.");
            }
        }
        return List.of(addresses);
    }

    /** Scheme, user-info and host checks; returns the host to resolve (IPv6 without brackets). */
    private String checkSyntax(URI url) {
        Objects.requireNonNull(url, "url");
        if (!url.isAbsolute() || url.isOpaque()) {
            throw new UnsafeEndpointException("Webhook URL must be an absolute http(s) URL");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new UnsafeEndpointException("Webhook URL scheme '" + scheme + "' is not allowed; use "
                    + (requireHttps ? "https" : "http or https"));
        }
        if (requireHttps && !scheme.equals("https")) {
            throw new UnsafeEndpointException("Webhook URL must use https");
        }
        if (url.getRawUserInfo() != null) {
            throw new UnsafeEndpointException("Webhook URL must not contain user-info (credentials before '@')");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsafeEndpointException("Webhook URL has no valid host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** Why this address is refused, or empty if it is allowed. */
    public Optional<String> refusalReason(InetAddress address) {
        Objects.requireNonNull(address, "address");
        InetAddress canonical = canonical(address);
        InetAddress embedded = embeddedIpv4(canonical);
        if (allowed(canonical) || (embedded != null && allowed(embedded))) {
            return Optional.empty();
        }
        Optional<String> why = blockedRange(canonical);
        if (why.isEmpty() && embedded != null) {
            why = blockedRange(embedded).map(r -> r + " embedded in " + canonical.getHostAddress());
        }
        return why;
    }

    public boolean isAllowed(InetAddress address) {
        return refusalReason(address).isEmpty();
    }

    private boolean allowed(InetAddress a) {
        for (Cidr c : allowList) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> blockedRange(InetAddress a) {
        for (Block b : BLOCKED) {
            if (b.cidr().contains(a)) {
                return Optional.of(b.label());
            }
        }
        // belt and braces: the JDK's own predicates
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("site-local/private");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    /** IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address. */
    static InetAddress canonical(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return v4(Arrays.copyOfRange(b, 12, 16));
            }
        }
        return a;
    }

    /** The IPv4 address carried by an IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean first12Zero = true;
        for (int i = 0; i < 12; i++) {
            first12Zero &= b[i] == 0;
        }
        if (first12Zero) {
            // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 stay IPv6
            boolean unspecifiedOrLoopback = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1);
            return unspecifiedOrLoopback ? null : v4(Arrays.copyOfRange(b, 12, 16));
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return v4(Arrays.copyOfRange(b, 12, 16));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return v4(Arrays.copyOfRange(b, 2, 6));
        }
        return null;
    }

    private static InetAddress v4(byte[] four) {
        try {
            return InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EndpointGuard[requireHttps=" + requireHttps + ", allowList=" + allowList + "]";
    }
}
