package dev.switchboard.bridge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.exec.Workers;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.redis.RedisCluster;
import dev.switchboard.redis.RedisOptions;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.Background;
import dev.switchboard.testsupport.net.TcpProxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publishing lines to a topic with history on a cluster node whose Redis goes away: the batch the
 * server could not publish (503, every message listed as failed) is sent again once Redis is back,
 * and every line ends up in the topic's history exactly once.
 */
class LinePublisherOutageTest {

    @Test
    void aBatchRefusedWhileRedisIsAwayIsPublishedOnceWhenItReturns() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TcpProxy proxy = TcpProxy.to(redis.port()).start()) {
            RedisCluster cluster = RedisCluster.connect(RedisOptions.builder("redis://127.0.0.1:" + proxy.port(), "a").build());
            cluster.pubsub().history().rules().add("news:*", HistoryOptions.of(100, Duration.ofMinutes(1)));
            Endpoint endpoint = Endpoint.builder(cluster.pubsub()).workers(Workers.create(2)).bus(cluster.bus())
                    .presence(PresenceOptions.DEFAULTS).build().addHealthCheck(cluster);
            SwitchboardServer server = SwitchboardServer.builder().port(0).ioThreads(2).endpoint(endpoint).broadcastApi(true)
                    .socket(SocketDefinition.builder("/socket").build()).build().start();
            try {
                proxy.refuseNewConnections();
                proxy.cutAll(TcpProxy.Cut.RESET);
                await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.connected());

                ByteArrayOutputStream errors = new ByteArrayOutputStream();
                LinePublisher publisher = new LinePublisher(
                        PublishOptions.of(URI.create("http://127.0.0.1:" + server.port()), "news:outage"),
                        new PrintStream(errors, true, StandardCharsets.UTF_8));
                PipedOutputStream lines = new PipedOutputStream();
                PipedInputStream in = new PipedInputStream(lines);
                CompletableFuture<LinePublisher.Result> result = Background.supply(() -> publisher.publish(in));
                lines.write("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n".getBytes(StandardCharsets.UTF_8));
                lines.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> cluster.metrics().historyErrors() > 0); // the first 503
                proxy.acceptNewConnections();
                lines.close();

                LinePublisher.Result done = result.get(30, TimeUnit.SECONDS);
                assertThat(done).as(errors.toString(StandardCharsets.UTF_8)).isEqualTo(new LinePublisher.Result(3, 0, 0, null));
                HistoryRead history = cluster.pubsub().history().read("news:outage", null, 10).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                assertThat(history.messages()).extracting(Broadcast::payload).extracting(Object::toString)
                        .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            } finally {
                server.close();
                endpoint.close();
            }
        }
    }
}
