package dev.switchboard.server.transport.websocket;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What permessage-deflate did for the server's own messages, counted once per compressed
 * message (a broadcast counts once however many subscribers got it): how many were compressed,
 * and their bytes before and after — the ratio an operator turning compression on wants to see.
 * Meters {@code switchboard.websocket.deflate.messages} and {@code
 * switchboard.websocket.deflate.bytes} (tagged {@code stage}: {@code in}, {@code out}).
 */
public final class CompressionStats implements MeterBinder {
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    /** A message of {@code in} bytes went out compressed to {@code out}. */
    void compressed(int in, int out) {
        messages.increment();
        bytesIn.add(in);
        bytesOut.add(out);
    }

    public long messages() {
        return messages.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("switchboard.websocket.deflate.messages", this, CompressionStats::messages)
                .description("Server messages compressed with permessage-deflate (a broadcast once for all its subscribers)")
                .register(registry);
        FunctionCounter.builder("switchboard.websocket.deflate.bytes", this, CompressionStats::bytesIn)
                .tag("stage", "in").description("Bytes of those messages before compression").register(registry);
        FunctionCounter.builder("switchboard.websocket.deflate.bytes", this, CompressionStats::bytesOut)
                .tag("stage", "out").description("Bytes of those messages after compression").register(registry);
    }
}
