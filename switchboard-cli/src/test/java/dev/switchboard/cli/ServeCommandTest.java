package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.JavaCommand;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo app as {@code switchboard serve} runs it, over real sockets. */
class ServeCommandTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SwitchboardServer server;

    @BeforeEach
    void start() {
        server = DemoServers.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPortInUseIsOneClearLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new Main());
            cli.setErr(new PrintWriter(err, true));

            int exit = cli.execute("serve", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("Port " + taken.getLocalPort()
                    + " is already in use on 127.0.0.1; choose another with --port" + System.lineSeparator());
        }
    }

    @Test
    void anEmptyEntryInAllowedOriginsIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("serve", "--port", "0", "--allowed-origins", "https://a.example,,https://b.example");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith(
                "--allowed-origins has an empty entry: https://a.example,,https://b.example" + System.lineSeparator());
    }

    @Test
    void anAllowedOriginThatIsNotAnOriginIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("serve", "--port", "0", "--allowed-origins", "https://chat.example.com/app");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--allowed-origins: ").contains("https://chat.example.com/app");
    }

    @Test
    void byDefaultOnlyPagesFromTheServersOwnHostMayOpenAWebSocket() throws IOException {
        assertThat(upgradeStatus(server, "http://127.0.0.1:" + server.port())).isEqualTo(101);
        assertThat(upgradeStatus(server, null)).as("no Origin: not a browser").isEqualTo(101);
        assertThat(upgradeStatus(server, "http://127.0.0.2:" + server.port())).isEqualTo(403);
    }

    @Test
    void allowedOriginsDecideWhichPagesMayOpenAWebSocket() throws IOException {
        try (SwitchboardServer configured = DemoServers.start(List.of("https://chat.example.com"))) {
            assertThat(upgradeStatus(configured, "https://chat.example.com")).isEqualTo(101);
            assertThat(upgradeStatus(configured, null)).isEqualTo(101);
            assertThat(upgradeStatus(configured, "https://elsewhere.example")).isEqualTo(403);
            assertThat(upgradeStatus(configured, "http://127.0.0.1:" + configured.port())).isEqualTo(403);
        }
        try (SwitchboardServer open = DemoServers.start(List.of("*"))) {
            assertThat(upgradeStatus(open, "https://elsewhere.example")).isEqualTo(101);
        }
    }

    @Test
    void servesLongPollingBesideWebSocket() {
        LongPollAnswer poll = new LongPollClient("http://127.0.0.1:" + server.port() + "/socket/longpoll", "vsn=2.0.0").get();

        assertThat(poll.http()).isEqualTo(200);
        // A poll without a session token opens one: Phoenix's {"status": 410, "token": ...}.
        assertThat(poll.status()).isEqualTo(410);
        assertThat(poll.token()).isNotEmpty();
    }

    @Test
    void servesTheChatPageAndThePhoenixClientFromNpm() throws Exception {
        HttpResponse<String> page = get("/");
        HttpResponse<String> phoenix = get("/vendor/phoenix.min.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"vendor/phoenix.min.js\"></script>");
        assertThat(phoenix.statusCode()).isEqualTo(200);
        assertThat(phoenix.body()).startsWith("var Phoenix=");
    }

    @Test
    void roomChannelsKeepTheirContractOverWebSocket() throws Exception {
        try (PhoenixSocket alice = PhoenixSocket.connect(server.port());
             PhoenixSocket bob = PhoenixSocket.connect(server.port())) {
            alice.send("[\"1\",\"1\",\"room:lobby\",\"phx_join\",{}]");
            bob.send("[\"1\",\"1\",\"room:lobby\",\"phx_join\",{}]");
            assertThat(alice.next().toString()).isEqualTo("[\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            assertThat(bob.next().toString()).isEqualTo("[\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

            alice.send("[\"1\",\"2\",\"room:lobby\",\"ping\",{\"n\":7}]");
            assertThat(alice.next().toString())
                    .isEqualTo("[\"1\",\"2\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"n\":7}}]");

            alice.send("[\"1\",\"3\",\"room:lobby\",\"broadcast\",{\"user\":\"alice\",\"body\":\"hi\",\"ts\":1}]");
            String msg = "[null,null,\"room:lobby\",\"msg\",{\"user\":\"alice\",\"body\":\"hi\",\"ts\":1}]";
            assertThat(alice.next().toString()).isEqualTo(msg);
            assertThat(bob.next().toString()).isEqualTo(msg);

            alice.send("[\"1\",\"4\",\"room:lobby\",\"shout\",{}]");
            assertThat(alice.next().toString()).isEqualTo(
                    "[\"1\",\"4\",\"room:lobby\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unknown event shout\"}}]");
        }
    }

    @Test
    void anApiKeyShorterThan16CharactersIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("serve", "--port", "0", "--api-key", "too-short");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--api-key: API key must be at least 16 characters (got 9);"
                + " generate one with: openssl rand -hex 32" + System.lineSeparator());
    }

    @Test
    void slowConsumerBoundsOutsideTheirRangeAreUsageErrorsNamingTheFlag() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("serve", "--port", "0", "--max-outbound-age", "10ms")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--max-outbound-age: maxOutboundAge must be at least 100 ms, got 10 ms");
        assertThat(cli.execute("serve", "--port", "0", "--max-outbound-bytes", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-outbound-bytes: maxOutboundBytes must be at least 1024, got 10");
    }

    @Test
    void slowConsumerFlagDefaultsAreTheServersAndTheReadmeShowsThem() throws Exception {
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        assertThat(Long.parseLong(spec.findOption("--max-outbound-bytes").defaultValue()))
                .isEqualTo(OutboundOptions.DEFAULT_MAX_OUTBOUND_BYTES);
        assertThat(new DurationConverter().convert(spec.findOption("--max-outbound-age").defaultValue()))
                .isEqualTo(OutboundOptions.DEFAULT_MAX_OUTBOUND_AGE);
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolveSibling("README.md"), StandardCharsets.UTF_8);
        for (String flag : List.of("--max-outbound-bytes", "--max-outbound-age")) {
            assertThat(readme).contains("[" + flag + " " + spec.findOption(flag).defaultValue() + "]");
        }
    }

    @Test
    void compressionIsOffUnlessAskedAndItsMinimumIsTheServersAsTheReadmeShows() throws Exception {
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        assertThat(spec.findOption("--compress").defaultValue()).isNull();
        assertThat(WebSocketOptions.DEFAULTS.compression()).isFalse();
        assertThat(Integer.parseInt(spec.findOption("--compress-min-bytes").defaultValue()))
                .isEqualTo(WebSocketOptions.DEFAULT_COMPRESS_MIN_BYTES);
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolveSibling("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("[--compress] [--compress-min-bytes " + WebSocketOptions.DEFAULT_COMPRESS_MIN_BYTES + "]");
    }

    @Test
    void theAdminKeyMustBeLongEnoughAndNotThePublishKey() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        String key = "shared-key-0123456789abcdef";

        assertThat(cli.execute("serve", "--port", "0", "--admin-key", "too-short")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--admin-key: admin API key must be at least 16 characters (got 9)");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("serve", "--port", "0", "--api-key", key, "--admin-key", key)).isEqualTo(2);
        assertThat(err.toString()).startsWith("--admin-key: the admin key must differ from the publish API key");
    }

    @Test
    void theDemoServesTheDashboardAndTheAdminApiToThisMachine() throws Exception {
        assertThat(get("/dashboard").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard").body()).contains("<title>Switchboard dashboard</title>");
        assertThat(get("/api/admin/overview").statusCode()).isEqualTo(200);
        assertThat(ServeCommand.describeDashboard(false)).contains("from this machine only");
    }

    @Test
    void theApiKeyComesFromTheEnvironmentWhenTheFlagIsAbsent() throws Exception {
        try (ChildProcess tooShort = switchboard(Map.of(ServeCommand.API_KEY_ENV, "env-short"), "serve", "--port", "0")) {
            assertThat(tooShort.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(tooShort.stderr()).startsWith("SWITCHBOARD_API_KEY: API key must be at least 16 characters (got 9)");
        }

        String key = "env-key-0123456789abcdef";
        try (ChildProcess serve = switchboard(Map.of(ServeCommand.API_KEY_ENV, key), "serve", "--port", "0",
                "--drain-grace", "100ms")) {
            // log lines share stdout
            String banner = serve.awaitLine(line -> line.startsWith("Switchboard listening on http://"), Duration.ofSeconds(60));
            assertThat(banner).as("banner").startsWith("Switchboard listening on http://127.0.0.1:");
            int port = Integer.parseInt(banner.replaceFirst("^Switchboard listening on http://127\\.0\\.0\\.1:(\\d+).*$", "$1"));
            URI publish = URI.create("http://127.0.0.1:" + port + "/api/broadcast/room:lobby");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(publish)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> keyed = http.send(HttpRequest.newBuilder(publish).header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).as("loopback needs the key too once one is set").isEqualTo(401);
            assertThat(keyed.statusCode()).isEqualTo(202);
            serve.terminate();
        }
    }

    @Test
    void helpNeverPrintsTheApiKey() throws Exception {
        String key = "secret-key-0123456789abcdef";
        try (ChildProcess help = switchboard(Map.of(ServeCommand.API_KEY_ENV, key), "serve", "--help")) {
            assertThat(help.waitFor(Duration.ofSeconds(60))).isNotNull();

            assertThat(help.output()).contains("--api-key=KEY").contains("SWITCHBOARD_API_KEY").doesNotContain(key);
            assertThat(help.stderr()).doesNotContain(key);
        }
    }

    @Test
    void withAnApiKeyTheDemoPublishApiRequiresIt() throws Exception {
        String key = "demo-key-0123456789abcdef";
        try (SwitchboardServer keyed = DemoServers.withApiKey(key)) {
            URI publish = URI.create("http://127.0.0.1:" + keyed.port() + "/api/broadcast/room:lobby");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(publish)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).contains("Bearer realm=\"switchboard\"");
        }
        assertThat(post("/api/broadcast/room:lobby", "{}").statusCode()).as("no key: loopback may publish").isEqualTo(202);
    }

    /** Runs {@code switchboard ARGS} in a new JVM with extra environment variables (stderr kept apart). */
    private static ChildProcess switchboard(Map<String, String> env, String... args) {
        return ChildProcess.builder(JavaCommand.of(List.of(), Main.class.getName(), List.of(args)))
                .withoutEnvironment(ServeCommand.API_KEY_ENV).withoutEnvironment(ServeCommand.ADMIN_KEY_ENV).environment(env).separateStderr().start();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a WebSocket upgrade to /socket/websocket sent with this Origin (none when null). */
    private static int upgradeStatus(SwitchboardServer target, String origin) throws IOException {
        Handshake handshake = PhoenixSocket.handshake("vsn=2.0.0");
        return WebSocketClient.upgradeResponse(target.port(), origin == null ? handshake : handshake.origin(origin)).status();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
