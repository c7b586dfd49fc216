package dev.switchboard.client.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.Channel;
import dev.switchboard.client.Socket;
import dev.switchboard.client.SocketOptions;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's Java client example: the same text as {@link ChatClient}, and it works against a real server. */
class ReadmeClientExampleTest {

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws Exception {
        String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## Java client");
        assertThat(section).as("README has a Java client section").isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(root().resolve(
                "switchboard-client-it/src/test/java/dev/switchboard/client/example/ChatClient.java"), StandardCharsets.UTF_8);
        assertThat(source).as("ChatClient.java contains the README block verbatim").contains(block);
        assertThat(block.lines().count()).as("a short example").isLessThanOrEqualTo(17);
    }

    @Test
    void theExampleJoinsBroadcastsAndGetsItsReply() throws Exception {
        SwitchboardServer server = InteropApp.start(dev.switchboard.socket.SocketOptions.DEFAULTS);
        String url = "ws://127.0.0.1:" + server.port() + "/socket";
        Socket observer = SocketOptions.builder(url).socket();
        try {
            observer.connect().get(5, TimeUnit.SECONDS);
            Channel lobby = observer.channel("room:lobby");
            List<JsonNode> seen = new CopyOnWriteArrayList<>();
            lobby.on("msg", m -> seen.add(m.json()));
            lobby.join().get(5, TimeUnit.SECONDS);
            ChatClient.main(new String[] {url});
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            assertThat(seen.get(0).path("body").asText()).isEqualTo("hello from Java");
        } finally {
            observer.disconnect();
            server.close();
        }
    }

    private static Path root() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.isRegularFile(base.resolve("README.md")) ? base : base.getParent();
    }
}
