package dev.switchboard.pubsub;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broadcast on its way to this node's subscribers, carrying its encodings: each wire format
 * and variant is encoded at most once, by the first subscription that needs it, and then shared
 * by all. Shards deliver the same instance concurrently, hence the lock around encoding.
 */
public final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /** Marks a format in which this broadcast cannot be represented (binary payload in V1). */
    private static final EncodedFrame UNENCODABLE = new EncodedFrame(new byte[0], false);

    private final Broadcast broadcast;
    private final Subscription from;
    private final EncodedFrame[] encoded = new EncodedFrame[WireFormat.COUNT * Variant.COUNT];

    public Delivery(Broadcast broadcast, Subscription from) {
        this.broadcast = broadcast;
        this.from = from;
    }

    public Broadcast broadcast() {
        return broadcast;
    }

    /** The subscription excluded from this delivery ({@code broadcastFrom}), or null. */
    public Subscription from() {
        return from;
    }

    /** The shared encoding for {@code serializer}'s format in {@code variant}, or null if the format cannot carry it. */
    public EncodedFrame encoded(Serializer serializer, Variant variant) {
        int i = serializer.format().ordinal() * Variant.COUNT + variant.ordinal();
        EncodedFrame frame = encoded[i];
        if (frame == null) {
            frame = encodeOnce(serializer, variant, i);
        }
        return frame == UNENCODABLE ? null : frame;
    }

    private synchronized EncodedFrame encodeOnce(Serializer serializer, Variant variant, int i) {
        EncodedFrame frame = encoded[i];
        if (frame == null) {
            Frame form = variant == Variant.POSITIONED ? broadcast.positioned() : broadcast;
            if (form == broadcast && variant != Variant.PLAIN) {
                // No position to show (or a binary payload): the same bytes as the plain variant.
                frame = encoded(serializer, Variant.PLAIN);
                frame = frame == null ? UNENCODABLE : frame;
            } else {
                frame = encode(serializer, form);
            }
            encoded[i] = frame;
        }
        return frame;
    }

    private EncodedFrame encode(Serializer serializer, Frame form) {
        try {
            return serializer.encode(form);
        } catch (EncodeException e) {
            log.warn("Broadcast {} on {} cannot be sent to {} clients: {}",
                    broadcast.event(), broadcast.topic(), serializer.format(), e.getMessage());
            return UNENCODABLE;
        }
    }
}
