package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The chat page and the phoenix client the build brings in from npm are packaged together. */
class WebAssetsTest {

    @Test
    void thePageItsScriptsAndTheVendoredPhoenixClientAreOnTheClasspath() throws IOException {
        assertThat(resource("index.html")).contains("vendor/phoenix.min.js").contains("chat.js").contains("chat.css");
        assertThat(resource("chat.css")).isNotBlank();
        assertThat(resource("vendor/phoenix.min.js")).startsWith("var Phoenix=");
    }

    @Test
    void theChatSpeaksOnlyTheRoomChannelContract() throws IOException {
        String chat = resource("chat.js");

        assertThat(chat)
                .contains("channel(`room:${room}`")
                .contains("push(\"broadcast\", { user: me, body, ts })")
                .contains("on(\"msg\"");
    }

    @Test
    void theChatNeverPutsTextIntoThePageAsHtml() throws IOException {
        assertThat(resource("chat.js")).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
    }

    private static String resource(String path) throws IOException {
        String name = ServeCommand.WEB_RESOURCES + "/" + path;
        try (InputStream in = WebAssetsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
