package io.encaisse.webhooks.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointGuardTest {

    private final EndpointGuard guard = new EndpointGuard(List.of(), false);

    @ParameterizedTest(name = "{0} is blocked ({1})")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/            | loopback",
            "http://127.255.255.254:8080/ | loopback",
            "http://2130706433/           | loopback",
            "http://localhost:8080/hook   | loopback",
            "http://10.1.2.3/             | private network (10.0.0.0/8)",
            "http://172.16.0.1/           | private network (172.16.0.0/12)",
            "http://172.31.255.255/       | private network (172.16.0.0/12)",
            "http://192.168.1.10/         | private network (192.168.0.0/16)",
            "http://100.64.0.1/           | carrier-grade NAT",
            "http://100.127.255.255/      | carrier-grade NAT",
            "http://169.254.169.254/latest/meta-data/ | cloud metadata address",
            "http://169.254.10.1/         | link-local (169.254.0.0/16)",
            "http://0.0.0.0/              | unspecified",
            "http://0.1.2.3/              | this network",
            "http://224.0.0.1/            | multicast",
            "http://239.255.255.250/      | multicast",
            "http://255.255.255.255/      | reserved/broadcast",
            "http://[::1]/                | loopback (::1)",
            "http://[::]/                 | unspecified (::)",
            "http://[fe80::1]/            | link-local (fe80::/10)",
            "http://[febf:ffff::1]/       | link-local (fe80::/10)",
            "http://[fc00::1]/            | unique-local",
            "http://[fd12:3456::1]/       | unique-local",
            "http://[fd00:ec2::254]/      | cloud metadata address (AWS IPv6)",
            "http://[ff02::1]/            | multicast (ff00::/8)",
            "http://[::ffff:127.0.0.1]/   | loopback",
            "http://[::ffff:169.254.169.254]/ | cloud metadata address",
            "http://[::ffff:a00:1]/       | private network (10.0.0.0/8)",
            "http://[64:ff9b::a00:1]/     | private network (10.0.0.0/8) embedded in",
            "http://[2002:7f00:1::]/      | loopback (127.0.0.0/8) embedded in",
            "http://[::10.0.0.1]/         | private network (10.0.0.0/8) embedded in",
    })
    void blocksInternalTargets(String url, String why) {
        assertThatThrownBy(() -> guard.check(URI.create(url.strip())))
                .isInstanceOf(UnsafeEndpointException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is blocked")
                .hasMessageContaining(why.strip())
                .hasMessageContaining("allow-list");
    }

    @Test
    void shortFormIpv4IsRefusedToo() {
        // java.net.URI does not accept "127.1" as a host (getHost() is null), so it never reaches DNS;
        // HttpClient would refuse it as well. Either way it must not pass.
        assertThatThrownBy(() -> guard.check(URI.create("http://127.1/"))).isInstanceOf(UnsafeEndpointException.class);
        // and what the JDK resolver makes of it is judged by the address it reaches
        assertThat(guard.refusalReason(addr("127.1"))).contains("loopback (127.0.0.0/8)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/", "https://1.1.1.1:8443/hooks?x=1", "http://172.32.0.1/",
            "http://172.15.255.255/", "http://100.128.0.1/", "http://100.63.255.255/", "http://169.253.255.255/",
            "http://[2606:4700:4700::1111]/", "http://[2a00:1450:4007:80e::200e]/", "http://11.0.0.1/"})
    void allowsPublicAddresses(String url) {
        assertThatCode(() -> guard.check(URI.create(url))).doesNotThrowAnyException();
    }

    @Test
    void allowListOverridesTheBlock() {
        EndpointGuard local = EndpointGuard.of("127.0.0.0/8, ::1/128", false);
        assertThatCode(() -> local.check(URI.create("http://127.0.0.1:9000/hook"))).doesNotThrowAnyException();
        assertThatCode(() -> local.check(URI.create("http://localhost:9000/hook"))).doesNotThrowAnyException();
        assertThatCode(() -> local.check(URI.create("http://[::1]:9000/hook"))).doesNotThrowAnyException();
        assertThatCode(() -> local.check(URI.create("http://[::ffff:127.0.0.2]/"))).doesNotThrowAnyException();
        // only what is listed
        assertThatThrownBy(() -> local.check(URI.create("http://10.0.0.1/"))).isInstanceOf(UnsafeEndpointException.class);
        assertThatThrownBy(() -> local.check(URI.create("http://169.254.169.254/"))).isInstanceOf(UnsafeEndpointException.class);

        EndpointGuard metadataAllowed = EndpointGuard.of("169.254.169.254/32", false);
        assertThat(metadataAllowed.isAllowed(addr("169.254.169.254"))).isTrue();
        assertThat(metadataAllowed.isAllowed(addr("169.254.169.253"))).isFalse();

        EndpointGuard lan = EndpointGuard.of("10.20.0.0/16,fd00:1234::/32", false);
        assertThat(lan.isAllowed(addr("10.20.5.5"))).isTrue();
        assertThat(lan.isAllowed(addr("10.21.0.1"))).isFalse();
        assertThat(lan.isAllowed(addr("fd00:1234:1::1"))).isTrue();
        assertThat(lan.isAllowed(addr("fd00:1235::1"))).isFalse();
        assertThat(lan.isAllowed(addr("64:ff9b::a14:505"))).as("NAT64 of an allowed IPv4").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://8.8.8.8/", "file:///etc/passwd", "gopher://8.8.8.8/", "jar:file:/x!/y",
            "mailto:ops@example.com", "javascript:alert(1)", "/relative/path", "ws://8.8.8.8/", "dict://8.8.8.8:11211/"})
    void refusesOtherSchemesAndNonAbsoluteUrls(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url))).isInstanceOf(UnsafeEndpointException.class)
                .hasMessageContaining("Webhook URL");
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThatCode(() -> guard.check(URI.create("HTTPS://8.8.8.8/"))).doesNotThrowAnyException();
    }

    @Test
    void httpsCanBeRequired() {
        EndpointGuard strict = new EndpointGuard(List.of(), true);
        assertThat(strict.requireHttps()).isTrue();
        assertThat(EndpointGuard.strict().requireHttps()).isTrue();
        assertThatThrownBy(() -> strict.check(URI.create("http://8.8.8.8/")))
                .isInstanceOf(UnsafeEndpointException.class).hasMessageContaining("must use https");
        assertThatCode(() -> strict.check(URI.create("https://8.8.8.8/"))).doesNotThrowAnyException();
    }

    @Test
    void refusesUserInfoWithoutEchoingIt() {
        assertThatThrownBy(() -> guard.check(URI.create("https://admin:s3cret@8.8.8.8/")))
                .isInstanceOf(UnsafeEndpointException.class)
                .hasMessageContaining("user-info")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> guard.check(URI.create("https://user@8.8.8.8/")))
                .isInstanceOf(UnsafeEndpointException.class);
        // the classic parser-confusion trick still has user-info, so it is refused
        assertThatThrownBy(() -> guard.check(URI.create("http://8.8.8.8%2523@127.0.0.1/")))
                .isInstanceOf(UnsafeEndpointException.class);
    }

    @Test
    void refusesUrlsWithoutAValidHost() {
        assertThatThrownBy(() -> guard.check(URI.create("https:///path"))).isInstanceOf(UnsafeEndpointException.class);
        assertThatThrownBy(() -> guard.check(URI.create("https://bad_host.example/")))
                .isInstanceOf(UnsafeEndpointException.class).hasMessageContaining("no valid host");
    }

    @Test
    void blocksWhenAnyResolvedAddressIsInternal() {
        EndpointGuard.HostResolver mixed = host -> new InetAddress[] {addr("93.184.215.14"), addr("10.0.0.7")};
        EndpointGuard g = new EndpointGuard(List.of(), true, mixed);
        assertThatThrownBy(() -> g.check(URI.create("https://rebind.example/")))
                .isInstanceOf(UnsafeEndpointException.class)
                .hasMessageContaining("'rebind.example' resolves to 10.0.0.7");

        EndpointGuard.HostResolver publicOnly = host -> new InetAddress[] {addr("93.184.215.14"), addr("2606:2800:21f:cb07:6820:80da:af6b:8b2c")};
        assertThat(new EndpointGuard(List.of(), true, publicOnly).checkAndResolve(URI.create("https://example.test/")))
                .hasSize(2);
    }

    @Test
    void unresolvableHostIsNotAPolicyRefusal() {
        EndpointGuard g = new EndpointGuard(List.of(), true, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> g.check(URI.create("https://nope.invalid/")))
                .isInstanceOf(UncheckedIOException.class)
                .isNotInstanceOf(UnsafeEndpointException.class)
                .hasMessageContaining("Cannot resolve webhook host 'nope.invalid'");
    }

    // ---- CIDR matcher ----

    @Test
    void cidrMatchesIpv4AndIpv6() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(addr("10.255.255.255"))).isTrue();
        assertThat(ten.contains(addr("11.0.0.0"))).isFalse();
        assertThat(ten.contains(addr("::ffff:10.0.0.1"))).as("JDK folds mapped addresses to IPv4").isTrue();
        assertThat(ten.contains(addr("fc00::1"))).isFalse();

        Cidr odd = Cidr.parse("172.16.0.0/12");
        assertThat(odd.contains(addr("172.31.0.1"))).isTrue();
        assertThat(odd.contains(addr("172.32.0.1"))).isFalse();

        Cidr ula = Cidr.parse("fc00::/7");
        assertThat(ula.contains(addr("fdff:ffff::1"))).isTrue();
        assertThat(ula.contains(addr("fe00::1"))).isFalse();
        assertThat(ula.contains(addr("10.0.0.1"))).isFalse();

        Cidr ll = Cidr.parse("[fe80::]/10");
        assertThat(ll.contains(addr("febf::1"))).isTrue();
        assertThat(ll.contains(addr("fec0::1"))).isFalse();

        assertThat(Cidr.parse("0.0.0.0/0").contains(addr("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(addr("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(addr("192.0.2.7"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(addr("192.0.2.8"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("::ffff:10.0.0.0/104")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parseList(" 127.0.0.0/8 , ::1/128 ,")).hasSize(2);
        assertThat(Cidr.parseList("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.256/32", "10.0.0.0/", "10.0.0.0/-1",
            "10.0.0.0/8/8", "example.com/24", "localhost", "1:2:3/64", "fe80::1%eth0/64", "0x0a.0.0.0/8", "10.0.0.0/ 8"})
    void cidrRejectsGarbageWithoutDns(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDR");
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
