package dev.switchboard.test;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.protocol.WireFormat;
import dev.switchboard.pubsub.Subscription;
import java.util.List;

/**
 * Every broadcast published on one topic, as one node sees it — what Phoenix's test process sees
 * after {@code @endpoint.subscribe(topic)}: a listener on the node's PubSub, so it sees broadcasts
 * whether or not they reach a client (intercepted ones included), from channels, the server side
 * and other nodes alike. Each is shown as its V2 frame, with its position when the topic keeps
 * history.
 */
public final class TopicObserver {
    private static final Serializer WIRE = Serializers.of(WireFormat.V2);

    private final Environment env;
    private final String topic;
    private final Inbox seen = new Inbox();
    private final FrameCodec codec = new FrameCodec(WireFormat.V2);

    TopicObserver(Environment env, TestNode node, String topic) {
        this.env = env;
        this.topic = topic;
        Subscription listener = Subscription.listener(topic, node.loop(0), this::heard);
        env.drive(() -> node.loop(0).runNow(() -> node.endpoint().pubsub().subscribe(listener)));
    }

    public String topic() {
        return topic;
    }

    /** Takes the next broadcast with {@code event}, whatever its payload. */
    public ReceivedFrame assertBroadcast(String event) {
        return assertBroadcast(event, PayloadMatch.any());
    }

    /** Takes the next broadcast with {@code event} and this payload (a value, or a {@link PayloadMatch}). */
    public ReceivedFrame assertBroadcast(String event, Object payload) {
        PayloadMatch match = PayloadMatch.of(payload);
        ReceivedFrame f = env.await(() -> seen.take(topic, b -> b.event().equals(event) && match.mismatch(b) == null),
                env.options.assertTimeout());
        if (f == null) {
            throw Failures.missingBroadcast(topic, "\"" + event + "\" " + match, seen.unconsumed(topic, b -> true),
                    b -> b.event().equals(event) ? match.mismatch(b) : null, env);
        }
        return f;
    }

    /** Fails if a broadcast with {@code event} is published within the refute timeout. */
    public void refuteBroadcast(String event) {
        refuteBroadcast(event, PayloadMatch.any());
    }

    /** Fails if a broadcast with {@code event} and this payload is published within the refute timeout. */
    public void refuteBroadcast(String event, Object payload) {
        PayloadMatch match = PayloadMatch.of(payload);
        env.settle(env.options.refuteTimeout());
        ReceivedFrame f = seen.peek(topic, b -> b.event().equals(event) && match.mismatch(b) == null);
        if (f != null) {
            throw Failures.unexpectedBroadcast(topic, "\"" + event + "\" " + match, f, env);
        }
    }

    /** Every broadcast seen so far (the most recent 10,000), asserted or not, oldest first. */
    public List<ReceivedFrame> broadcasts() {
        env.drive(() -> { });
        return seen.recent();
    }

    private void heard(Broadcast b) {
        Frame form = b.position() != null ? b.positioned() : b;
        EncodedFrame encoded;
        try {
            encoded = WIRE.encode(form);
        } catch (EncodeException e) {
            throw new IllegalStateException("a broadcast on " + topic + " cannot be encoded for any client: " + e.getMessage(), e);
        }
        seen.add(codec.decode(encoded, env.elapsed(), 1));
    }

    @Override
    public String toString() {
        return "broadcasts on " + topic;
    }
}
