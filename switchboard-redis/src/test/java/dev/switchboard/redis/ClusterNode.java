package dev.switchboard.redis;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.exec.Workers;
import dev.switchboard.protocol.Payload;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One in-process node of a test cluster: a real {@link SwitchboardServer} on a free port whose
 * endpoint is a {@link RedisCluster}. Its {@code room:*} channel broadcasts what clients push:
 * {@code shout} to everyone, {@code shout_from} to everyone but the sender. The publish API is
 * on (loopback publishers).
 */
final class ClusterNode implements AutoCloseable {
    private static final HttpClient http = HttpClient.newHttpClient();

    final RedisCluster cluster;
    final SwitchboardServer server;

    private ClusterNode(RedisCluster cluster, SwitchboardServer server) {
        this.cluster = cluster;
        this.server = server;
    }

    static ClusterNode start(RedisOptions options) {
        return start(options, PresenceOptions.DEFAULTS);
    }

    static ClusterNode start(RedisOptions options, PresenceOptions presence) {
        return start(options, presence, false);
    }

    /** @param admin serve the admin API, as {@code switchboard serve} does */
    static ClusterNode start(RedisOptions options, PresenceOptions presence, boolean admin) {
        RedisCluster cluster = RedisCluster.connect(options);
        Endpoint endpoint = Endpoint.builder(cluster.pubsub()).workers(Workers.create(2)).bus(cluster.bus()).presence(presence).build().addHealthCheck(cluster);
        SwitchboardServer server = SwitchboardServer.builder().port(0).ioThreads(2)
                .endpoint(endpoint)
                .secretKey(cluster.sharedSecret("longpoll"))
                .socket(SocketDefinition.builder("/socket").channel("room:*", RoomChannel::new, Execution.EVENT_LOOP).build())
                .adminApi(admin)
                .broadcastApi(true)
                .build().start();
        return new ClusterNode(cluster, server);
    }

    static ClusterNode start(String redisUri, String nodeId, boolean sharded) {
        return start(RedisOptions.builder(redisUri, nodeId).sharded(sharded).build());
    }

    TestSocket connect() throws Exception {
        return TestSocket.connect(server.port());
    }

    /** A server-side broadcast, as an application would send one. */
    void broadcast(String topic, String event, String json) {
        server.endpoint().broadcast(topic, event, Payload.parse(json));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of a JSON body from this machine (the publish API, the admin API's actions), with extra header pairs. */
    HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        server.endpoint().close(); // closes the cluster too
    }

    static final class RoomChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "shout" -> ctx.broadcast("shout", payload);
                case "shout_from" -> ctx.broadcastFrom("shout_from", payload);
                default -> {
                    return HandleResult.error(Payload.json(java.util.Map.of("reason", "unknown event")));
                }
            }
            return HandleResult.ok();
        }
    }
}
