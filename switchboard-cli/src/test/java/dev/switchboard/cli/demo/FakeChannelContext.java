package dev.switchboard.cli.demo;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ReplyRef;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.presence.Presence;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.presence.PresenceTracker;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.protocol.Position;
import dev.switchboard.pubsub.PubSub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A channel context that records what the channel sent; enough to unit-test a channel. Presence is
 * a real single-node tracker (close the context to stop it).
 */
final class FakeChannelContext implements ChannelContext, AutoCloseable {

    record Sent(String kind, String topic, String event, Object payload) {}

    final List<Sent> sent = new ArrayList<>();
    private final String topic;
    private final Map<String, Object> assigns = new HashMap<>();

    private final PresenceTracker tracker =
            PresenceTracker.start(new InMemoryPubSub(), ClusterBus.standalone("test"), PresenceOptions.DEFAULTS);
    private Presence presence;

    FakeChannelContext(String topic) {
        this.topic = topic;
    }

    PresenceTracker tracker() {
        return tracker;
    }

    @Override
    public Presence presence() {
        if (presence == null) {
            presence = tracker.forChannel(topic, this::push);
        }
        return presence;
    }

    @Override
    public void close() {
        tracker.close();
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public String socketId() {
        return null;
    }

    @Override
    public Map<String, Object> assigns() {
        return assigns;
    }

    @Override
    public void assign(String key, Object value) {
        assigns.put(key, value);
    }

    @Override
    public void push(String event, Object payload) {
        sent.add(new Sent("push", topic, event, payload));
    }

    @Override
    public CompletionStage<Position> broadcast(String event, Object payload) {
        sent.add(new Sent("broadcast", topic, event, payload));
        return PubSub.NO_POSITION;
    }

    @Override
    public CompletionStage<Position> broadcastFrom(String event, Object payload) {
        sent.add(new Sent("broadcastFrom", topic, event, payload));
        return PubSub.NO_POSITION;
    }

    @Override
    public CompletionStage<Position> broadcast(String topic, String event, Object payload) {
        sent.add(new Sent("broadcast", topic, event, payload));
        return PubSub.NO_POSITION;
    }

    @Override
    public ReplyRef replyRef() {
        return null;
    }

    @Override
    public void reply(ReplyRef ref, String status, Object response) {
        sent.add(new Sent("reply:" + status, topic, null, response));
    }
}
