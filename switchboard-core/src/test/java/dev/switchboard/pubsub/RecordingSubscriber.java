package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Serializer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A subscriber that asks each delivery for its format's shared encoding, as a session does, and
 * keeps what it got. An optional action runs on each delivery (to throw, subscribe, ...).
 */
final class RecordingSubscriber implements Subscriber {
    private final Shard shard;
    private final Serializer serializer;
    private final List<EncodedFrame> frames = new ArrayList<>();
    private Consumer<Delivery> action = d -> {};

    RecordingSubscriber(Shard shard, Serializer serializer) {
        this.shard = shard;
        this.serializer = serializer;
    }

    RecordingSubscriber onDeliver(Consumer<Delivery> action) {
        this.action = action;
        return this;
    }

    List<EncodedFrame> frames() {
        return frames;
    }

    List<String> texts() {
        return frames.stream().map(EncodedFrame::text).toList();
    }

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public void deliver(Delivery delivery) {
        frames.add(delivery.encoded(serializer));
        action.accept(delivery);
    }
}
