package dev.switchboard.jmh;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.Outlet;
import dev.switchboard.pubsub.Subscription;
import dev.switchboard.pubsub.Variant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Core fan-out cost per delivered message: one publish to {@code subscribers} subscriptions on one
 * shard (tasks run inline), each handing the shared encoding to its outlet. Excludes the network;
 * shows what the PubSub and encode-once design cost per subscriber.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutBenchmark {
    @Param({"1000"})
    int subscribers;

    private InMemoryPubSub pubsub;
    private Broadcast broadcast;
    private Blackhole sink;

    /** A shard that runs every task at once on the benchmark thread. */
    private static final class InlineShard implements Shard {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public boolean inShard() {
            return true;
        }

        @Override
        public int id() {
            return 0;
        }
    }

    /** Stands in for a connection's transport. */
    private final class Sink implements Outlet {
        private final Shard shard;

        Sink(Shard shard) {
            this.shard = shard;
        }

        @Override
        public Shard shard() {
            return shard;
        }

        @Override
        public void sendShared(EncodedFrame frame) {
            sink.consume(frame);
        }
    }

    @Setup
    public void setup(Blackhole blackhole) {
        sink = blackhole;
        pubsub = new InMemoryPubSub();
        Shard shard = new InlineShard();
        for (int i = 0; i < subscribers; i++) {
            pubsub.subscribe(Subscription.of("room:bench", new Sink(shard), Serializers.v2(), Variant.PLAIN, null, null));
        }
        broadcast = new Broadcast("room:bench", "msg", Payload.parse("{\"seq\":1,\"pad\":\"" + "x".repeat(80) + "\"}"));
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public void publishToAll() {
        pubsub.publish(broadcast);
    }
}
