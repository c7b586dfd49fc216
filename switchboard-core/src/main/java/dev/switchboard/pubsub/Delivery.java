package dev.switchboard.pubsub;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broadcast on its way to local subscribers, carrying its encodings: each wire format is
 * encoded at most once, by the first subscriber that needs it, and then shared by all.
 */
public final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /** Marks a format in which this broadcast cannot be represented (binary payload in V1). */
    private static final EncodedFrame UNENCODABLE = new EncodedFrame(new byte[0], false);

    private final Broadcast broadcast;
    private final Subscriber from;
    private final EncodedFrame[] encoded = new EncodedFrame[WireFormat.COUNT];

    public Delivery(Broadcast broadcast, Subscriber from) {
        this.broadcast = broadcast;
        this.from = from;
    }

    public Broadcast broadcast() {
        return broadcast;
    }

    /** The subscriber excluded from this delivery ({@code broadcastFrom}), or null. */
    public Subscriber from() {
        return from;
    }

    /** The shared encoding for {@code serializer}'s format, or null if the format cannot carry it. */
    public EncodedFrame encoded(Serializer serializer) {
        int i = serializer.format().ordinal();
        EncodedFrame frame = encoded[i];
        if (frame == null) {
            frame = encodeOnce(serializer, i);
        }
        return frame == UNENCODABLE ? null : frame;
    }

    private synchronized EncodedFrame encodeOnce(Serializer serializer, int i) {
        EncodedFrame frame = encoded[i];
        if (frame == null) {
            try {
                frame = serializer.encode(broadcast);
            } catch (EncodeException e) {
                log.warn("Broadcast {} on {} cannot be sent to {} clients: {}",
                        broadcast.event(), broadcast.topic(), serializer.format(), e.getMessage());
                frame = UNENCODABLE;
            }
            encoded[i] = frame;
        }
        return frame;
    }
}
