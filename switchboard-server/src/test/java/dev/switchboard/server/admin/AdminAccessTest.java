package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The admin API's access rules, for addresses a loopback test cannot connect from. */
class AdminAccessTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);
    private static final String KEY = "admin-key-0123456789abcdef";

    @Test
    void withoutAKeyOtherMachinesGet403NamingTheFlag() {
        AdminAccess access = new AdminAccess(null, null);
        AdminAccess.Refusal refusal = access.checkRead(get(null), REMOTE).orElseThrow();
        assertThat(refusal.status().code()).isEqualTo(403);
        assertThat(refusal.reason()).contains("loopback").contains("--admin-key");
        assertThat(access.checkRead(get(null), LOCAL)).isEmpty();
    }

    @Test
    void withAKeyOtherMachinesNeedIt() {
        AdminAccess access = new AdminAccess(KEY, null);
        assertThat(access.checkRead(get(null), REMOTE).orElseThrow().status().code()).isEqualTo(401);
        assertThat(access.checkRead(get("Bearer nope-nope-nope-nope"), REMOTE).orElseThrow().reason()).isEqualTo("invalid admin key");
        assertThat(access.checkRead(get("Bearer " + KEY), REMOTE)).isEmpty();
        assertThat(access.checkRead(get(null), LOCAL)).as("loopback needs the key too").isPresent();
    }

    @Test
    void theLiveFeedNeedsTheCsrfTokenAndTheKey() {
        AdminAccess access = new AdminAccess(KEY, null);
        assertThat(access.allowsLive(KEY, REMOTE, access.csrfToken())).isTrue();
        assertThat(access.allowsLive(KEY, REMOTE, null)).isFalse();
        assertThat(access.allowsLive(KEY, REMOTE, "guess")).isFalse();
        assertThat(access.allowsLive(null, REMOTE, access.csrfToken())).isFalse();
        AdminAccess open = new AdminAccess(null, null);
        assertThat(open.allowsLive(null, LOCAL, open.csrfToken())).isTrue();
        assertThat(open.allowsLive(null, REMOTE, open.csrfToken())).isFalse();
    }

    @Test
    void everyServerHasItsOwnCsrfToken() {
        assertThat(new AdminAccess(null, null).csrfToken()).isNotEqualTo(new AdminAccess(null, null).csrfToken()).hasSize(48);
    }

    private static FullHttpRequest get(String authorization) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/admin/overview");
        if (authorization != null) {
            request.headers().set("Authorization", authorization);
        }
        return request;
    }
}
