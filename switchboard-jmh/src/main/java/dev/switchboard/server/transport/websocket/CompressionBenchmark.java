package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Serializers;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What permessage-deflate costs the server: compressing one broadcast ({@link #compressOnce}, paid
 * once per broadcast however many subscribers it has) and handing one subscriber its wire frame
 * from the loop's cache ({@link #deliverCompressed} against {@link #deliverPlain}, paid per
 * delivery). Payloads: a line of chat and a 2 KB JSON document.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressionBenchmark {
    @Param({"chat", "document"})
    String payload;

    private EncodedFrame frame;
    private byte[] bytes;
    private byte[] deflated;
    private final SharedFrames frames = new SharedFrames();
    private final MessageDeflater deflater = new MessageDeflater(0, new CompressionStats());

    @Setup
    public void setup() {
        String json = payload.equals("chat")
                ? "{\"user\":\"alice\",\"body\":\"Hi Bob, is the deploy done? I'd like to merge before lunch.\",\"n\":42}"
                : document();
        frame = Serializers.v2().encode(new Broadcast("room:lobby", "msg", Payload.parse(json)));
        bytes = frame.bytes();
        deflated = deflater.payload(frame);
    }

    private static String document() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + i).append("\",\"name\":\"Item ")
                    .append(i * 7919 % 1000).append("\",\"qty\":").append(i * 31 % 17).append(",\"price\":").append(9.99 + i).append('}');
        }
        return "{\"id\":\"doc-42\",\"title\":\"Quarterly report\",\"tags\":[\"deploy\",\"staging\",\"green\"],\"rows\":[" + rows + "]}";
    }

    @TearDown
    public void tearDown() {
        frames.clear();
    }

    /** Compressing a broadcast: once per broadcast, for all its subscribers. */
    @Benchmark
    public byte[] compressOnce() {
        return deflater.payload(new EncodedFrame(bytes, false));
    }

    /** One subscriber's write of a cached compressed frame. */
    @Benchmark
    public int deliverCompressed() {
        ByteBuf view = frames.retainedView(frame, deflated);
        int n = view.readableBytes();
        view.release();
        return n;
    }

    /** One subscriber's write of a cached plain frame. */
    @Benchmark
    public int deliverPlain() {
        ByteBuf view = frames.retainedView(frame, null);
        int n = view.readableBytes();
        view.release();
        return n;
    }
}
