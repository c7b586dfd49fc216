package dev.switchboard.pubsub;

import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.WireFormat;
import java.util.concurrent.atomic.AtomicInteger;

/** A serializer that counts its encode calls and otherwise defers to a real one. */
final class CountingSerializer implements Serializer {
    private final Serializer delegate;
    private final AtomicInteger encodes = new AtomicInteger();

    CountingSerializer(Serializer delegate) {
        this.delegate = delegate;
    }

    int encodes() {
        return encodes.get();
    }

    @Override
    public WireFormat format() {
        return delegate.format();
    }

    @Override
    public Message decode(byte[] data, boolean binary) throws DecodeException {
        return delegate.decode(data, binary);
    }

    @Override
    public EncodedFrame encode(Frame frame) {
        encodes.incrementAndGet();
        return delegate.encode(frame);
    }
}
