package dev.switchboard.cli.demo;

import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.ReplyRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A channel context that only records what the channel sent; enough to unit-test a channel. */
final class FakeChannelContext implements ChannelContext {

    record Sent(String kind, String topic, String event, Object payload) {}

    final List<Sent> sent = new ArrayList<>();
    private final String topic;
    private final Map<String, Object> assigns = new HashMap<>();

    FakeChannelContext(String topic) {
        this.topic = topic;
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
    public void broadcast(String event, Object payload) {
        sent.add(new Sent("broadcast", topic, event, payload));
    }

    @Override
    public void broadcastFrom(String event, Object payload) {
        sent.add(new Sent("broadcastFrom", topic, event, payload));
    }

    @Override
    public void broadcast(String topic, String event, Object payload) {
        sent.add(new Sent("broadcast", topic, event, payload));
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
