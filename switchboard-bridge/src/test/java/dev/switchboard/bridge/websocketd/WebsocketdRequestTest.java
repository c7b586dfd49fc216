package dev.switchboard.bridge.websocketd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.bridge.support.RawUpgrade;
import dev.switchboard.bridge.support.WsClient;
import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.tls.TlsConfig;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a request turns into: the CGI environment a program sees, {@code --dir} routing and its
 * refusals, {@code --maxforks}, origins, static files, TLS and {@code /metrics}.
 */
class WebsocketdRequestTest {
    @TempDir
    Path dir;
    private WebsocketdServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebsocketdServer start(WebsocketdOptions.Builder options) {
        server = WebsocketdServer.start(options.port(0).build());
        return server;
    }

    private Map<String, String> envOf(String pathAndQuery, Map<String, String> headers) {
        try (WsClient client = WsClient.connect("ws://127.0.0.1:" + server.port() + pathAndQuery, headers)) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : client.textsUntilClose(Duration.ofSeconds(5))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return env;
        }
    }

    @Test
    void aProgramSeesTheCgiVariablesOfItsRequest() {
        Path dump = Programs.bash(dir, "dump.sh", "env");
        start(WebsocketdOptions.builder().command(dump.toString()));

        Map<String, String> env = envOf("/some/p%20ath?x=1&y=%20z", Map.of("X-Custom", "v1"));

        assertThat(env).containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("REMOTE_HOST", "127.0.0.1")
                .containsEntry("SERVER_NAME", "127.0.0.1")
                .containsEntry("SERVER_PORT", Integer.toString(server.port()))
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("GATEWAY_INTERFACE", "websocketd-CGI/0.1")
                .containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("SCRIPT_NAME", "/")
                .containsEntry("PATH_INFO", "/some/p ath")
                .containsEntry("PATH_TRANSLATED", "/some/p ath")
                .containsEntry("QUERY_STRING", "x=1&y=%20z")
                .containsEntry("REQUEST_URI", "/some/p%20ath?x=1&y=%20z")
                .containsEntry("HTTP_X_CUSTOM", "v1")
                .containsEntry("HTTP_UPGRADE", "websocket")
                .containsEntry("AUTH_TYPE", "")
                .containsEntry("REMOTE_USER", "")
                .containsKeys("UNIQUE_ID", "REMOTE_PORT", "HTTP_SEC_WEBSOCKET_KEY", "SERVER_SOFTWARE", "PATH")
                .doesNotContainKeys("HTTPS", "HTTP_HOST");
        assertThat(env.get("UNIQUE_ID")).matches("\\d{19}");
        assertThat(env.get("REMOTE_PORT")).matches("\\d+");
    }

    @Test
    void onlyTheAllowListedServerVariablesReachAProgram() {
        Path dump = Programs.bash(dir, "dump.sh", "env");
        assertThat(System.getenv("HOME")).as("this test needs HOME set").isNotBlank();
        start(WebsocketdOptions.builder().command(dump.toString()));
        Map<String, String> byDefault = envOf("/", Map.of());
        server.close();
        start(WebsocketdOptions.builder().command(dump.toString()).passEnv(List.of("PATH", "HOME")));
        Map<String, String> withHome = envOf("/", Map.of());

        assertThat(byDefault).containsEntry("PATH", System.getenv("PATH")).doesNotContainKey("HOME");
        assertThat(withHome).containsEntry("HOME", System.getenv("HOME"));
    }

    @Test
    void aProxyHeaderNeverBecomesHttpProxy() {
        Path dump = Programs.bash(dir, "dump.sh", "env");
        start(WebsocketdOptions.builder().command(dump.toString()));

        Map<String, String> env = envOf("/", Map.of("Proxy", "http://evil.example:3128", "X-Two", "a"));

        assertThat(env).doesNotContainKey("HTTP_PROXY").containsEntry("HTTP_X_TWO", "a");
    }

    @Test
    void dirRoutesPathsToExecutablesWithScriptNameAndPathInfo() {
        Programs.bash(dir, "count.sh", "echo count $SCRIPT_NAME \"[$PATH_INFO]\"");
        Programs.bash(dir, "sub/greet.sh", "echo greet $SCRIPT_NAME \"[$PATH_INFO]\"");
        start(WebsocketdOptions.builder().scriptDir(dir));

        assertThat(firstLine("/count.sh")).isEqualTo("count /count.sh []");
        assertThat(firstLine("/sub/greet.sh/extra/info")).isEqualTo("greet /sub/greet.sh [/extra/info]");
    }

    @Test
    void dirRefusesNonExecutablesTraversalAndMissingPrograms() throws Exception {
        Programs.bash(dir, "ok.sh", "echo ok");
        Files.writeString(dir.resolve("plain.txt"), "not a program");
        Path outside = Files.createTempDirectory("outside");
        Programs.bash(outside, "evil.sh", "echo evil");
        Files.createSymbolicLink(dir.resolve("link.sh"), outside.resolve("evil.sh"));
        start(WebsocketdOptions.builder().scriptDir(dir));
        int port = server.port();

        assertThat(RawUpgrade.upgrade(port, "/plain.txt").status()).isEqualTo(403);
        assertThat(RawUpgrade.upgrade(port, "/../" + outside.getFileName() + "/evil.sh").status()).isEqualTo(400);
        assertThat(RawUpgrade.upgrade(port, "/%2e%2e/etc/passwd").status()).isEqualTo(400);
        assertThat(RawUpgrade.upgrade(port, "/sub%2fok.sh").status()).isEqualTo(400);
        assertThat(RawUpgrade.upgrade(port, "/link.sh").status()).isEqualTo(400);
        assertThat(RawUpgrade.upgrade(port, "/missing.sh").status()).isEqualTo(404);
        assertThat(RawUpgrade.upgrade(port, "/").status()).isEqualTo(404);
        assertThat(RawUpgrade.upgrade(port, "/ok.sh").status()).isEqualTo(101);

        assertThat(server.metrics().refusals(Refusal.NOT_EXECUTABLE)).isEqualTo(1);
        assertThat(server.metrics().refusals(Refusal.BAD_PATH)).isEqualTo(4);
        assertThat(server.metrics().refusals(Refusal.NOT_FOUND)).isEqualTo(2);
        assertThat(RawUpgrade.upgrade(port, "/plain.txt").body()).contains("/plain.txt is not an executable file");
    }

    @Test
    void overMaxForksTheNextUpgradeGets429WithTheReasonAndIsCounted() throws Exception {
        start(WebsocketdOptions.builder().command("cat").maxForks(2));
        try (WsClient a = WsClient.connect(url()); WsClient b = WsClient.connect(url())) {
            a.send("a");
            b.send("b");
            assertThat(a.nextText()).isEqualTo("a");
            assertThat(b.nextText()).isEqualTo("b");

            RawUpgrade.Response refused = RawUpgrade.upgrade(server.port(), "/");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("maxforks (2) reached: 2 programs running");
            String metrics = RawUpgrade.get(server.port(), "/metrics").body();
            assertThat(metrics).contains("switchboard_bridge_refusals_total{mode=\"websocketd\",reason=\"max_processes\"} 1.0");
            assertThat(metrics).contains("switchboard_bridge_programs_running{mode=\"websocketd\"} 2.0");
        }
    }

    @Test
    void originsAreCheckedOnlyWhenAsked() throws Exception {
        start(WebsocketdOptions.builder().command("cat"));
        assertThat(RawUpgrade.upgrade(server.port(), "/", "Origin: https://elsewhere.example").status()).isEqualTo(101);
        server.close();

        start(WebsocketdOptions.builder().command("cat").origins(OriginPolicy.sameHost()));
        int port = server.port();
        assertThat(RawUpgrade.upgrade(port, "/", "Origin: https://elsewhere.example").status()).isEqualTo(403);
        assertThat(RawUpgrade.upgrade(port, "/", "Origin: http://127.0.0.1:" + port).status()).isEqualTo(101);
        server.close();

        start(WebsocketdOptions.builder().command("cat").origins(OriginPolicy.allowList(List.of("//good.example"))));
        assertThat(RawUpgrade.upgrade(server.port(), "/", "Origin: https://good.example:8443").status()).isEqualTo(101);
        RawUpgrade.Response refused = RawUpgrade.upgrade(server.port(), "/", "Origin: https://bad.example");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("origin https://bad.example refused");
        assertThat(server.metrics().refusals(Refusal.ORIGIN)).isEqualTo(1);
    }

    @Test
    void staticDirServesFilesButNothingOutsideIt() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        start(WebsocketdOptions.builder().command("cat").staticDir(site));
        int port = server.port();

        assertThat(RawUpgrade.get(port, "/").body()).isEqualTo("<h1>hi</h1>");
        assertThat(RawUpgrade.get(port, "/index.html").status()).isEqualTo(200);
        assertThat(RawUpgrade.get(port, "/../secret.txt").status()).isEqualTo(404);
        assertThat(RawUpgrade.get(port, "/%2e%2e/secret.txt").status()).isEqualTo(404);
        assertThat(RawUpgrade.get(port, "/nothing.js").status()).isEqualTo(404);
    }

    @Test
    void withTlsTheProgramIsReachedOverWssAndSeesHttpsOn() throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();
        Path dump = Programs.bash(dir, "dump.sh", "echo \"HTTPS=$HTTPS\"", "echo \"SERVER_PORT=$SERVER_PORT\"", "cat");
        start(WebsocketdOptions.builder().command(dump.toString()).tls(tls));

        try (WsClient client = WsClient.connect(trusting(tls), "wss://127.0.0.1:" + server.port() + "/", Map.of())) {
            assertThat(client.nextText()).isEqualTo("HTTPS=on");
            assertThat(client.nextText()).isEqualTo("SERVER_PORT=" + server.port());
            client.send("over tls");
            assertThat(client.nextText()).isEqualTo("over tls");
        }
    }

    private static HttpClient trusting(TlsConfig tls) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bridge", tls.certificate());
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, managers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aProgramThatCannotStartGets500() throws Exception {
        Path gone = Programs.bash(dir, "gone.sh", "echo never");
        start(WebsocketdOptions.builder().command(gone.toString()));
        Files.delete(gone);

        RawUpgrade.Response response = RawUpgrade.upgrade(server.port(), "/");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains("cannot start the program");
        assertThat(server.metrics().refusals(Refusal.START_FAILED)).isEqualTo(1);
        assertThat(server.runningPrograms()).isZero();
    }

    private String url() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    private String firstLine(String path) {
        try (WsClient client = WsClient.connect("ws://127.0.0.1:" + server.port() + path)) {
            return client.nextText();
        }
    }
}
