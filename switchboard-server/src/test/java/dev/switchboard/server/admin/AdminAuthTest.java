package dev.switchboard.server.admin;

import static dev.switchboard.server.admin.AdminClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.net.RawConnection;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Who may use the admin API over the network: the admin key when one is set, never the publish
 * key, loopback clients without a key. (Non-loopback clients are pinned down in {@link AdminAccessTest}.)
 */
class AdminAuthTest {
    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    private static final String PUBLISH_KEY = "publish-key-0123456789abcdef";

    @Test
    void withAKeyEveryRequestMustCarryIt() throws Exception {
        try (SwitchboardServer server = AdminServers.builder().adminKey(ADMIN_KEY).apiKey(PUBLISH_KEY).build().start()) {
            HttpResponse<String> missing = new AdminClient(server.port(), null).get("overview");
            assertError(missing, 401, "missing admin key: send the header Authorization: Bearer <key>");
            assertThat(missing.headers().firstValue("www-authenticate")).contains("Bearer realm=\"switchboard-admin\"");

            assertError(new AdminClient(server.port(), ADMIN_KEY + "x").get("overview"), 401, "invalid admin key");
            assertError(new AdminClient(server.port(), PUBLISH_KEY).get("overview"), 401,
                    "the publish API key does not open the admin API");
            assertError(new AdminClient(server.port(), PUBLISH_KEY).post("drain", "{}", "any"), 401,
                    "the publish API key does not open the admin API");

            AdminClient admin = new AdminClient(server.port(), ADMIN_KEY);
            assertThat(admin.read("session").path("keyRequired").asBoolean()).isTrue();
            assertThat(admin.act("publish", "{\"topic\":\"room:k\",\"payload\":{}}").statusCode()).isEqualTo(200);
            assertThat(server.draining()).as("no action was taken by a refused request").isFalse();
        }
    }

    @Test
    void withoutAKeyLoopbackClientsAreServedButThePublishKeyIsStillRefused() throws Exception {
        try (SwitchboardServer server = AdminServers.builder().apiKey(PUBLISH_KEY).build().start()) {
            assertThat(new AdminClient(server.port(), null).read("session").path("keyRequired").asBoolean()).isFalse();
            assertError(new AdminClient(server.port(), PUBLISH_KEY).get("overview"), 401,
                    "the publish API key does not open the admin API");
            // 127.0.0.2 is loopback too: the whole of 127.0.0.0/8 counts as this machine
            try (RawConnection socket = RawConnection.to(server.port()).from("127.0.0.2").open()) {
                socket.write("GET /api/admin/overview HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(socket.readLine()).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    @Test
    void theAdminKeyMustDifferFromThePublishKeyAndBeLongEnough() {
        assertThatThrownBy(() -> AdminServers.builder().apiKey(PUBLISH_KEY).adminKey(PUBLISH_KEY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the admin key must differ from the publish API key");
        assertThatThrownBy(() -> SwitchboardServer.builder().adminKey("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("admin API key must be at least 16 characters (got 5)");
    }
}
