package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo app as {@code switchboard serve} runs it, over real sockets. */
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SwitchboardServer server;

    @BeforeEach
    void start() {
        server = ServeCommand.startDemo("127.0.0.1", 0);
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
        try (SwitchboardServer configured = ServeCommand.startDemo("127.0.0.1", 0, List.of("https://chat.example.com"))) {
            assertThat(upgradeStatus(configured, "https://chat.example.com")).isEqualTo(101);
            assertThat(upgradeStatus(configured, null)).isEqualTo(101);
            assertThat(upgradeStatus(configured, "https://elsewhere.example")).isEqualTo(403);
            assertThat(upgradeStatus(configured, "http://127.0.0.1:" + configured.port())).isEqualTo(403);
        }
        try (SwitchboardServer open = ServeCommand.startDemo("127.0.0.1", 0, List.of("*"))) {
            assertThat(upgradeStatus(open, "https://elsewhere.example")).isEqualTo(101);
        }
    }

    @Test
    void servesLongPollingBesideWebSocket() throws Exception {
        HttpResponse<String> poll = get("/socket/longpoll?vsn=2.0.0");

        assertThat(poll.statusCode()).isEqualTo(200);
        // A poll without a session token opens one: Phoenix's {"status": 410, "token": ...}.
        JsonNode body = JSON.readTree(poll.body());
        assertThat(body.path("status").asInt()).isEqualTo(410);
        assertThat(body.path("token").asText()).isNotEmpty();
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
        Client alice = connect();
        Client bob = connect();
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
    void theApiKeyComesFromTheEnvironmentWhenTheFlagIsAbsent() throws Exception {
        Process tooShort = switchboard(Map.of(ServeCommand.API_KEY_ENV, "env-short"), "serve", "--port", "0");
        assertThat(tooShort.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tooShort.exitValue()).isEqualTo(2);
        assertThat(new String(tooShort.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("SWITCHBOARD_API_KEY: API key must be at least 16 characters (got 9)");

        String key = "env-key-0123456789abcdef";
        Process serve = switchboard(Map.of(ServeCommand.API_KEY_ENV, key), "serve", "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            while (banner != null && !banner.startsWith("Switchboard listening on http://")) {
                banner = out.readLine(); // log lines share stdout
            }
            assertThat(banner).as("banner").startsWith("Switchboard listening on http://127.0.0.1:");
            int port = Integer.parseInt(banner.replaceFirst("^Switchboard listening on http://127\\.0\\.0\\.1:(\\d+).*$", "$1"));
            URI publish = URI.create("http://127.0.0.1:" + port + "/api/broadcast/room:lobby");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(publish)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> keyed = http.send(HttpRequest.newBuilder(publish).header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).as("loopback needs the key too once one is set").isEqualTo(401);
            assertThat(keyed.statusCode()).isEqualTo(202);
        } finally {
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpNeverPrintsTheApiKey() throws Exception {
        String key = "secret-key-0123456789abcdef";
        Process help = switchboard(Map.of(ServeCommand.API_KEY_ENV, key), "serve", "--help");
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(text).contains("--api-key=KEY").contains("SWITCHBOARD_API_KEY").doesNotContain(key);
    }

    @Test
    void withAnApiKeyTheDemoPublishApiRequiresIt() throws Exception {
        String key = "demo-key-0123456789abcdef";
        try (SwitchboardServer keyed = ServeCommand.startDemoWithApiKey("127.0.0.1", 0, key)) {
            URI publish = URI.create("http://127.0.0.1:" + keyed.port() + "/api/broadcast/room:lobby");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(publish)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).contains("Bearer realm=\"switchboard\"");
        }
        assertThat(post("/api/broadcast/room:lobby", "{}").statusCode()).as("no key: loopback may publish").isEqualTo(202);
    }

    /** Runs {@code switchboard ARGS} in a new JVM with extra environment variables. */
    private static Process switchboard(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(ServeCommand.API_KEY_ENV);
        builder.environment().putAll(env);
        return builder.start();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a WebSocket upgrade to /socket/websocket sent with this Origin (none when null). */
    private static int upgradeStatus(SwitchboardServer target, String origin) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.port())) {
            socket.setSoTimeout(5000);
            String request = "GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + target.port() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Client connect() {
        Client client = new Client();
        http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0"), client)
                .join();
        return client;
    }

    /** Collects whole text messages; {@link #next()} waits for the next one. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        JsonNode next() throws Exception {
            String text = received.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a message within 5 s").isNotNull();
            return JSON.readTree(text);
        }
    }
}
