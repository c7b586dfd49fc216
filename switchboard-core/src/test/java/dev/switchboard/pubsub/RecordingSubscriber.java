package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Serializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An outlet with its subscription, as a connection's transport and its channel's subscription
 * are: it keeps the shared frames it is handed, and the broadcasts intercepted for it. An
 * optional action runs on each frame (to throw, subscribe, ...).
 */
final class RecordingSubscriber implements Outlet {
    private final Shard shard;
    private final Subscription subscription;
    private final List<EncodedFrame> frames = new ArrayList<>();
    private final List<Broadcast> intercepted = new ArrayList<>();
    private Consumer<EncodedFrame> action = f -> {};

    RecordingSubscriber(Shard shard, Serializer serializer) {
        this(shard, serializer, "room:a", Variant.PLAIN, Set.of());
    }

    RecordingSubscriber(Shard shard, Serializer serializer, String topic, Variant variant, Set<String> intercepts) {
        this.shard = shard;
        this.subscription = Subscription.of(topic, this, serializer, variant, intercepts, intercepted::add);
    }

    Subscription subscription() {
        return subscription;
    }

    RecordingSubscriber onDeliver(Consumer<EncodedFrame> action) {
        this.action = action;
        return this;
    }

    List<EncodedFrame> frames() {
        return frames;
    }

    List<Broadcast> intercepted() {
        return intercepted;
    }

    List<String> texts() {
        return frames.stream().map(EncodedFrame::text).toList();
    }

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public void sendShared(EncodedFrame frame) {
        frames.add(frame);
        action.accept(frame);
    }
}
