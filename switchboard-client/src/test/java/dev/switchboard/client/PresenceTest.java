package dev.switchboard.client;

import static dev.switchboard.client.Frames.array;
import static dev.switchboard.client.Frames.broadcast;
import static dev.switchboard.client.Frames.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.presence.Presence;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Ref;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Presence} on a channel: diffs wait for the state of the current join (spec §6.5). */
class PresenceTest {
    private final ScriptedServer server = new ScriptedServer();
    private Socket socket;

    @AfterEach
    void close() {
        socket.disconnect();
    }

    @Test
    void diffsBeforeTheStateOfTheCurrentJoinAreQueuedThenApplied() throws Exception {
        socket = server.socket(ScriptedServer.options().reconnectBackoff(Backoff.steps(Duration.ofMillis(10))));
        socket.connect();
        ScriptedServer.Conn conn = server.nextAttempt().open();
        Channel room = socket.channel("presence:a");
        Presence presence = new Presence(room);
        AtomicInteger syncs = new AtomicInteger();
        presence.onSync(syncs::incrementAndGet);
        room.join();
        Message join = conn.next();
        String j = Ref.valueOf(join.ref());
        conn.frame(reply(join, "ok", "{}"));
        // A diff that overtakes the state: held back until the state arrives.
        conn.frame(broadcast(null, "presence:a", "presence_diff",
                "{\"joins\":{\"bob\":{\"metas\":[{\"phx_ref\":\"B1\"}]}},\"leaves\":{}}"));
        Thread.sleep(100);
        assertThat(presence.list()).isEmpty();
        assertThat(syncs.get()).isZero();
        conn.frame(array(j, null, "presence:a", "presence_state", "{\"ann\":{\"metas\":[{\"phx_ref\":\"A1\"}]}}"));
        await().until(() -> syncs.get() == 1);
        assertThat(presence.keys()).containsExactly("ann", "bob");

        // After a reconnect the old state stands until the new join's state replaces it.
        conn.serverClose(1006, "cut");
        ScriptedServer.Conn second = server.nextAttempt().open();
        Message rejoin = second.next();
        String j2 = Ref.valueOf(rejoin.ref());
        second.frame(reply(rejoin, "ok", "{}"));
        second.frame(broadcast(null, "presence:a", "presence_diff",
                "{\"joins\":{\"cat\":{\"metas\":[{\"phx_ref\":\"C1\"}]}},\"leaves\":{}}"));
        Thread.sleep(100);
        assertThat(presence.keys()).containsExactly("ann", "bob");
        second.frame(array(j2, null, "presence:a", "presence_state",
                "{\"ann\":{\"metas\":[{\"phx_ref\":\"A1\"}]},\"dan\":{\"metas\":[{\"phx_ref\":\"D1\"}]}}"));
        await().until(() -> syncs.get() == 2);
        assertThat(presence.keys()).containsExactly("ann", "dan", "cat");
        assertThat(presence.state().get("ann").metas()).hasSize(1);
        List<String> devices = presence.list((key, entry) -> key + ":" + entry.metas().size());
        assertThat(devices).containsExactly("ann:1", "dan:1", "cat:1");
    }
}
