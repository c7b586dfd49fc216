package dev.switchboard.server;

import dev.switchboard.security.MessageSigner;
import dev.switchboard.server.admin.AdminApi;
import dev.switchboard.server.http.ApiKeyCheck;
import dev.switchboard.server.http.BroadcastApi;
import dev.switchboard.server.http.DrainApi;
import dev.switchboard.server.http.HealthRoute;
import dev.switchboard.server.http.HistoryApi;
import dev.switchboard.server.http.MetricsRoute;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.server.http.PublishApiOptions;
import dev.switchboard.server.http.StaticFiles;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.transport.longpoll.LongPollHandler;
import dev.switchboard.server.transport.websocket.CompressionStats;
import dev.switchboard.server.transport.websocket.WebSocketUpgrade;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Builds the request router of a server from its options: the transports, the APIs it enables
 * (with the admin API, the socket of its live feed beside the application's), health, metrics and
 * static files.
 *
 * @param longPoll the long-poll transport, or null when disabled (its meters are bound by the server)
 * @param compression what WebSocket compression did (its meters are bound by the server)
 * @param admin    the admin API, or null when disabled (the server starts its sampling)
 * @param health   {@code GET /health}, which also tells the drain whether a balancer is watching
 */
record RouterAssembly(HttpRouter router, LongPollHandler longPoll, CompressionStats compression, AdminApi admin,
                      HealthRoute health) {

    /**
     * @param startDrain what {@code POST /api/drain} calls: starts the drain, returns the connections open at its start
     * @param tcpConnections the server's open TCP connections, for the admin API
     */
    static RouterAssembly of(ServerOptions options, Endpoint endpoint, Shards shards, PrometheusMeterRegistry registry,
                             IntSupplier startDrain, IntSupplier tcpConnections) {
        OriginGuard origins = new OriginGuard(options.origins());
        WebSocketUpgrade upgrade = new WebSocketUpgrade(endpoint, shards, origins, options.outbound(),
                options.webSocket());
        LongPollHandler longPoll = longPoll(options, endpoint, shards, origins);
        PublishApiOptions publish = options.publishApi();
        ApiKeyCheck apiAccess = ApiKeyCheck.of(publish.apiKey());
        AdminApi admin = options.admin().enabled()
                ? new AdminApi(options.admin(), publish.apiKey(), endpoint, shards, tcpConnections, startDrain)
                : null;
        List<SocketDefinition> sockets = new ArrayList<>(options.sockets());
        if (admin != null) {
            sockets.add(admin.liveSocket());
        }
        HealthRoute health = new HealthRoute(endpoint);
        HttpRouter router = new HttpRouter(sockets, upgrade, longPoll,
                publish.enabled() ? new BroadcastApi(endpoint, apiAccess) : null,
                publish.enabled() ? new HistoryApi(endpoint, apiAccess) : null,
                options.drainApi() ? new DrainApi(apiAccess, startDrain) : null, admin,
                options.http().staticResources() == null ? null : new StaticFiles(options.http().staticResources()),
                health, new MetricsRoute(registry));
        return new RouterAssembly(router, longPoll, upgrade.compressionStats(), admin, health);
    }

    /** The long-poll transport, or null when disabled; its sessions are signed with this run's secret. */
    private static LongPollHandler longPoll(ServerOptions options, Endpoint endpoint, Shards shards, OriginGuard origins) {
        if (!options.longPollEnabled()) {
            return null;
        }
        byte[] configured = options.node().secretKey();
        byte[] secret = configured != null ? configured : MessageSigner.randomSecret();
        return LongPollHandler.create(endpoint, shards, options.longPoll(), origins, endpoint.nodeId(), secret,
                options.outbound());
    }
}
