package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    @Test
    void noOriginHeaderIsAlwaysAllowed() {
        assertThat(OriginPolicy.sameHost().check(null, "example.com").allowed()).isTrue();
        assertThat(OriginPolicy.sameHost().check(null, null).allowed()).isTrue();
        assertThat(OriginPolicy.allowList(List.of("https://example.com")).check(null, "x").allowed()).isTrue();
    }

    @Test
    void nothingConfiguredMeansSameHost() {
        assertThat(OriginPolicy.of(null)).isSameAs(OriginPolicy.sameHost());
        assertThat(OriginPolicy.of(List.of())).isSameAs(OriginPolicy.sameHost());
    }

    @ParameterizedTest(name = "Origin {0}, Host {1} → {2}")
    @CsvSource({
        "http://localhost:4000,    localhost:4000,     true",
        "http://LOCALHOST:4000,    localhost:4000,     true",
        "http://localhost:4000,    LocalHost:4000,     true",
        "https://example.com,      example.com,        true",   // proxy terminates TLS: Host has no port
        "https://example.com,      example.com:443,    true",
        "http://example.com,       example.com:80,     true",
        "http://example.com:8080,  example.com:8080,   true",
        "http://[::1]:4000,        [::1]:4000,         true",
        "http://127.0.0.1:4000,    localhost:4000,     false",  // the classic mismatch, as in Phoenix
        "http://localhost:4001,    localhost:4000,     false",
        "https://example.com:8443, example.com,        false",
        "https://evil.example,     example.com,        false",
        "https://example.com.evil, example.com,        false",
        "http://[::1]:4001,        [::1]:4000,         false",
    })
    void sameHostComparesHostAndPort(String origin, String host, boolean allowed) {
        assertThat(OriginPolicy.sameHost().check(origin, host).allowed()).isEqualTo(allowed);
    }

    @Test
    void sameHostNamesTheReason() {
        OriginCheck check = OriginPolicy.sameHost().check("https://evil.example", "localhost:4000");
        assertThat(check.allowed()).isFalse();
        assertThat(check.reason()).isEqualTo(
                "not the server's own host localhost:4000 (the default; configure allowed origins to accept other pages)");
        assertThat(OriginPolicy.sameHost().check("https://evil.example", null).reason()).contains("no Host header");
        assertThat(OriginPolicy.sameHost().check("http://localhost:4000", "localhost:abc").reason()).contains("malformed Host");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"null", "file://", "localhost:4000", "http://", "http://exa mple.com", "http://a.com/path",
            "http://a.com?q", "http://user@a.com", " "})
    void unparsableOriginsAreRefused(String origin) {
        OriginCheck check = OriginPolicy.sameHost().check(origin, "a.com");
        assertThat(check.allowed()).isFalse();
        assertThat(check.reason()).isNotBlank();
        assertThat(OriginPolicy.allowList(List.of("http://a.com")).check(origin, "a.com").allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "https://example.com,       true",
        "https://example.com/,      true",
        "https://EXAMPLE.com,       true",
        "https://example.com:443,   true",
        "http://localhost:4000,     true",
        "http://example.com,        false",   // scheme differs
        "https://example.com:8443,  false",   // port differs
        "https://www.example.com,   false",   // no wildcards: exact hosts only
        "http://localhost:4001,     false",
        "http://localhost,          false",
    })
    void allowListMatchesExactOrigins(String origin, boolean allowed) {
        OriginPolicy policy = OriginPolicy.allowList(List.of("https://example.com", "http://localhost:4000"));
        assertThat(policy.check(origin, "ignored:1").allowed()).isEqualTo(allowed);
    }

    @Test
    void allowListNamesItsEntriesWhenRefusing() {
        OriginCheck check = OriginPolicy.allowList(List.of("http://localhost:4000")).check("https://evil.example", "x");
        assertThat(check.reason()).isEqualTo("not in allowed origins [http://localhost:4000]");
    }

    @Test
    void starAllowsEverythingEvenOpaqueOrigins() {
        OriginPolicy any = OriginPolicy.allowList(List.of("https://example.com", "*"));
        assertThat(any).isSameAs(OriginPolicy.any());
        assertThat(any.check("null", null).allowed()).isTrue();
        assertThat(any.check("https://anything", "x").allowed()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"example.com", "*.example.com", "https://example.com/app", "", "https://a.*.example.com",
            "https://*example.com", "https://*", "//*.example.com/path", "https://user@example.com"})
    void badEntriesFailAtConfigurationNamingTheEntry(String entry) {
        assertThatThrownBy(() -> OriginPolicy.allowList(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed origin");
    }

    @Test
    void misplacedWildcardSaysWhereItMayGo() {
        assertThatThrownBy(() -> OriginPolicy.allowList(List.of("https://a.*.example.com")))
                .hasMessageContaining("whole first label");
    }

    @ParameterizedTest(name = "{0} allows {1} → {2}")
    @CsvSource({
        // a wildcard covers subdomains at any depth and the apex itself (Phoenix semantics)
        "https://*.example.com,  https://a.example.com,        true",
        "https://*.example.com,  https://a.b.example.com,      true",
        "https://*.example.com,  https://example.com,          true",
        "https://*.example.com,  http://a.example.com,         false",  // scheme named → must match
        "https://*.example.com,  https://a.example.com:8443,   false",  // https implies port 443
        "https://*.example.com,  https://evilexample.com,      false",  // not a label boundary
        "https://*.example.com,  https://example.com.evil,     false",
        "https://*.example.com,  https://a.example.org,        false",
        // no scheme: any scheme and any port
        "//*.example.com,        https://a.b.example.com,      true",
        "//*.example.com,        http://example.com,           true",
        "//*.example.com,        http://a.example.com:8080,    true",
        "//*.example.com,        http://example.org,           false",
        "//example.com,          http://example.com:4000,      true",
        "//example.com,          https://example.com,          true",
        "//example.com,          https://www.example.com,      false",  // no wildcard: that host only
        // a port named → it must match, with or without a scheme
        "//example.com:4000,     http://example.com:4000,      true",
        "//example.com:4000,     https://example.com,          false",
        "http://localhost:4000,  http://localhost:4000,        true",
        "http://localhost:4000,  http://localhost:4001,        false",
        "http://*.localhost:4000, http://app.localhost:4000,   true",
        "HTTPS://*.Example.COM,  https://A.EXAMPLE.com,        true",
    })
    void allowListEntriesCompareWhatTheyName(String entry, String origin, boolean allowed) {
        assertThat(OriginPolicy.allowList(List.of(entry)).check(origin, "ignored:1").allowed()).isEqualTo(allowed);
    }

    @Test
    void wildcardEntriesNeverAllowOpaqueOrigins() {
        assertThat(OriginPolicy.allowList(List.of("//*.example.com")).check("null", "x").allowed()).isFalse();
    }

    @Test
    void emptyAllowListIsAConfigurationError() {
        assertThatThrownBy(() -> OriginPolicy.allowList(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void originParsing() {
        assertThat(Origin.parse("HTTPS://Example.COM")).isEqualTo(new Origin("https", "example.com", 443));
        assertThat(Origin.parse("http://example.com:8080/")).isEqualTo(new Origin("http", "example.com", 8080));
        assertThat(Origin.parse("http://[::1]:4000")).isEqualTo(new Origin("http", "[::1]", 4000));
        assertThat(Origin.parse("https://example.com").toString()).isEqualTo("https://example.com");
        assertThat(Origin.parse("http://example.com:81").toString()).isEqualTo("http://example.com:81");
    }
}
