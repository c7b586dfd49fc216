package dev.switchboard.server.admin;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import dev.switchboard.pubsub.PubSub;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The dashboard's live feed, a Switchboard socket like any other: the page connects with the
 * phoenix protocol to {@value #PATH}{@code /websocket}, joins {@value #TOPIC}, gets the ring's
 * samples in the join reply (so its charts have a past) and then one {@value #EVENT} broadcast a
 * second. Only this node's subscribers receive them ({@link PubSub#publishLocal}): each node's
 * dashboard shows that node.
 *
 * <p>Connecting needs what reading the admin API needs (the admin key as the {@code authToken},
 * or loopback without one) plus the csrf token as the {@code csrf} param, so a page of another
 * site cannot open the feed. WebSocket only; the page is served by this server.
 */
final class LiveSocket {
    static final String PATH = "/api/admin/live";
    static final String TOPIC = "admin:samples";
    static final String EVENT = "sample";

    private LiveSocket() {}

    static SocketDefinition definition(AdminAccess access, SampleRing ring) {
        return SocketDefinition.builder(PATH)
                .connect(request -> connect(access, request), Execution.EVENT_LOOP)
                .channel(TOPIC, () -> new SamplesChannel(ring), Execution.EVENT_LOOP)
                .options(SocketOptions.DEFAULTS.withLongpoll(false).withMaxChannels(1))
                .build();
    }

    /** What the sampler calls with each new sample: a broadcast to this node's feed subscribers. */
    static Consumer<Sample> publisher(PubSub pubsub) {
        return sample -> pubsub.publishLocal(new Broadcast(TOPIC, EVENT, Payload.json(sample.toJson())), null);
    }

    private static ConnectResult connect(AdminAccess access, ConnectRequest request) {
        return access.allowsLive(request.info().authToken(), request.info().peer(), request.param("csrf"))
                ? ConnectResult.accept()
                : ConnectResult.refuse(403);
    }

    /** Joining answers the samples kept so far; the broadcasts that follow need no code here. */
    private static final class SamplesChannel implements Channel {
        private final SampleRing ring;

        SamplesChannel(SampleRing ring) {
            this.ring = ring;
        }

        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            ObjectNode reply = Json.MAPPER.createObjectNode();
            ArrayNode samples = reply.putArray("samples");
            ring.since(0).forEach(s -> samples.add(s.toJson()));
            return JoinResult.ok(reply);
        }
    }
}
