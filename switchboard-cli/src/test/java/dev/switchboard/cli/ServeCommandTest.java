package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
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
