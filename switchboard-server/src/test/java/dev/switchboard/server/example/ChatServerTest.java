package dev.switchboard.server.example;

import dev.switchboard.test.ClientChannel;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example test, verbatim below the imports (ReadmeJavaExamplesTest checks it): the README's server on the kit. */
class ChatServerTest {
    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(ChatServer.SOCKET);

    @Test
    void messagesReachTheRoomWithTheSendersName() {
        ClientChannel room = kit.connect(Map.of("user", "ann")).subscribeAndJoin("room:lobby");
        room.push("new_msg", Map.of("body", "hello")).assertOk();
        room.assertBroadcast("new_msg", Map.of("user", "ann", "body", "hello"));
    }

    @Test
    void strangersCannotConnectAndNobodyJoinsTheSecretRoom() {
        kit.assertConnectRefused(Map.of());
        kit.connect(Map.of("user", "bob")).channel("room:secret").join().assertError(Map.of("reason", "unauthorized"));
    }
}
