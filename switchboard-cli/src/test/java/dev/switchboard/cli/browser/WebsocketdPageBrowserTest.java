package dev.switchboard.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.websocketd.WebsocketdOptions;
import dev.switchboard.bridge.websocketd.WebsocketdServer;
import dev.switchboard.testsupport.js.BrowserScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page and a program written for websocketd ({@code browser/websocketd} of switchboard-test-support's scripts: the browser's
 * own WebSocket, a bash script) work unchanged under {@code switchboard bridge --staticdir}: the
 * same page, opened in headless Chromium, shows the same lines under the real websocketd and
 * under the bridge. Needs node, Chromium and websocketd ({@code .ci/run} installs them).
 */
class WebsocketdPageBrowserTest {
    @TempDir
    Path dir;

    @Test
    void thePageShowsTheSameConversationUnderWebsocketdAndTheBridge() throws Exception {
        BrowserScenario.requireTools();
        Path site = Files.createDirectories(dir.resolve("site"));
        Path source = BrowserScenario.scriptDirectory().resolve("websocketd");
        Files.copy(source.resolve("index.html"), site.resolve("index.html"));
        Path greeter = Files.copy(source.resolve("greeter.sh"), dir.resolve("greeter.sh"));
        Files.setPosixFilePermissions(greeter, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> underWebsocketd;
        int port = freePort();
        Process websocketd = new ProcessBuilder(websocketd(), "--port=" + port, "--address=127.0.0.1",
                "--staticdir=" + site, "--loglevel=error", greeter.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("websocketd.log").toFile()).start();
        try {
            awaitListening(port, websocketd);
            underWebsocketd = lines(BrowserScenario.run("websocketd-page", Map.of("server", "http://127.0.0.1:" + port)));
        } finally {
            websocketd.destroy();
            websocketd.waitFor(5, TimeUnit.SECONDS);
        }

        List<String> underBridge;
        ScriptResult bridged;
        try (WebsocketdServer bridge = WebsocketdServer.start(WebsocketdOptions.builder().port(0)
                .command(greeter.toString()).staticDir(site).build())) {
            bridged = BrowserScenario.run("websocketd-page", Map.of("server", "http://127.0.0.1:" + bridge.port()));
            underBridge = lines(bridged);
        }

        assertThat(underWebsocketd).containsExactly("[open]", "Hello, Ann!", "query: lang=en, from: 127.0.0.1",
                "1", "2", "3", "Bye.", "[closed]");
        assertThat(underBridge).isEqualTo(underWebsocketd);
        bridged.verify(obs -> {
            assertThat(obs.at("/network/pageErrors")).isEmpty();
            assertThat(obs.at("/network/consoleErrors")).isEmpty();
        });
    }

    private static List<String> lines(ScriptResult result) {
        List<String> lines = new ArrayList<>();
        result.json().get("log").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    /** websocketd (Debian package {@code websocketd}); fails naming the package when missing. */
    private static String websocketd() {
        for (String candidate : List.of("/usr/bin/websocketd", "/usr/local/bin/websocketd")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("websocketd is not installed; this test compares against it:"
                + " apt-get install websocketd (.ci/run does)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("websocketd exited with " + process.exitValue());
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("websocketd did not listen on port " + port + " within 10 s");
    }
}
