package dev.switchboard.jmh;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of decoding one client push and encoding one reply or broadcast, 100-byte payloads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializerBenchmark {
    private final Serializer v2 = Serializers.v2();
    private final byte[] push = ("[\"3\",\"17\",\"room:lobby\",\"broadcast\",{\"seq\":12345,\"sent\":1234567890123,\"pad\":\""
            + "x".repeat(52) + "\"}]").getBytes(StandardCharsets.UTF_8);
    private final Payload payload = Payload.parse("{\"seq\":12345,\"sent\":1234567890123,\"pad\":\"" + "x".repeat(52) + "\"}");
    private final Broadcast broadcast = new Broadcast("room:lobby", "msg", payload);
    private final Reply reply = Reply.of("3", "17", "room:lobby", "ok", payload);

    @Benchmark
    public Message decodePush() throws DecodeException {
        return v2.decode(push, false);
    }

    @Benchmark
    public EncodedFrame encodeBroadcast() {
        return v2.encode(broadcast);
    }

    @Benchmark
    public EncodedFrame encodeReply() {
        return v2.encode(reply);
    }
}
