package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Serializer;
import java.util.Objects;
import java.util.Set;

/**
 * One subscriber of one topic, carrying everything delivery needs — as Phoenix's "fastlane": the
 * connection's {@link Outlet}, its wire format, the {@link Variant} it receives, and the events
 * its channel intercepts. A plain broadcast therefore goes from the shard's subscription table
 * straight to the transport; only intercepted events visit the channel.
 *
 * <p>A {@link Variant#POSITIONED} subscription also has a {@link LiveGate}: it can hold live
 * broadcasts while its join recovers ({@link #hold()}, {@link #release}), and never delivers a
 * position twice. Apart from that gate (shard-confined) it is immutable. Identity matters:
 * {@code broadcastFrom} excludes one subscription, and unsubscribing removes this very instance.
 */
public final class Subscription {
    private final String topic;
    private final Shard shard;
    private final Outlet outlet;
    private final Serializer serializer;
    private final Variant variant;
    /** Events handed to the interceptor instead of the outlet; null for none. */
    private final Set<String> intercepts;
    /** True for a listener: every broadcast goes to the interceptor. */
    private final boolean interceptAll;
    private final Interceptor interceptor;
    /** For positioned subscriptions only: holds during recovery, drops duplicates. */
    private final LiveGate gate;

    private Subscription(String topic, Shard shard, Outlet outlet, Serializer serializer, Variant variant,
                         Set<String> intercepts, boolean interceptAll, Interceptor interceptor) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.shard = Objects.requireNonNull(shard, "shard");
        this.outlet = outlet;
        this.serializer = serializer;
        this.variant = variant;
        this.intercepts = intercepts;
        this.interceptAll = interceptAll;
        this.interceptor = interceptor;
        this.gate = variant == Variant.POSITIONED ? new LiveGate() : null;
    }

    /**
     * A channel's subscription: broadcasts are encoded for {@code serializer}'s format in
     * {@code variant} and written to {@code outlet}, except the events in {@code intercepts},
     * which go to {@code interceptor} (the channel's {@code handleOut}).
     *
     * @param intercepts intercepted events; null or empty for none
     * @param interceptor required when {@code intercepts} is not empty
     */
    public static Subscription of(String topic, Outlet outlet, Serializer serializer, Variant variant,
                                  Set<String> intercepts, Interceptor interceptor) {
        Objects.requireNonNull(outlet, "outlet");
        Objects.requireNonNull(serializer, "serializer");
        Objects.requireNonNull(variant, "variant");
        Set<String> events = intercepts == null || intercepts.isEmpty() ? null : Set.copyOf(intercepts);
        if (events != null) {
            Objects.requireNonNull(interceptor, "interceptor");
        }
        return new Subscription(topic, outlet.shard(), outlet, serializer, variant, events, false, interceptor);
    }

    /** A listener: every broadcast on {@code topic} is handed to {@code listener} on {@code shard}; nothing is encoded. */
    public static Subscription listener(String topic, Shard shard, Interceptor listener) {
        return new Subscription(topic, shard, null, null, null, null, true, Objects.requireNonNull(listener, "listener"));
    }

    public String topic() {
        return topic;
    }

    /** True for a {@link #listener}: server-side plumbing (a socket id's disconnect), not a client's channel. */
    public boolean isListener() {
        return outlet == null;
    }

    /** The shard whose thread delivers to this subscription. */
    public Shard shard() {
        return shard;
    }

    public Variant variant() {
        return variant;
    }

    /**
     * Holds live broadcasts from now until {@link #release}: a recovering join subscribes, holds,
     * reads the history and replays it, then releases. Call on the shard; positioned subscriptions only.
     */
    public void hold() {
        gate().hold();
    }

    /**
     * Ends the hold once the client has everything up to {@code delivered}: writes the held
     * broadcasts that come after it (dropping the ones the replay already carried), and delivers
     * straight from then on. Call on the shard.
     */
    public void release(Position delivered) {
        for (EncodedFrame frame : gate().release(delivered)) {
            outlet.sendShared(frame);
        }
    }

    private LiveGate gate() {
        if (gate == null) {
            throw new IllegalStateException("only a positioned subscription can hold and release");
        }
        return gate;
    }

    /** Delivers one broadcast; called on {@link #shard()}. */
    void deliver(Delivery delivery) {
        Broadcast broadcast = delivery.broadcast();
        if (interceptAll || (intercepts != null && intercepts.contains(broadcast.event()))) {
            interceptor.intercept(broadcast);
            return;
        }
        EncodedFrame frame = delivery.encoded(serializer, variant);
        if (frame != null && (gate == null || gate.admit(broadcast.position(), frame))) {
            outlet.sendShared(frame);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + topic + (outlet == null ? ", listener" : ", " + serializer.format() + ", " + variant) + "]";
    }
}
