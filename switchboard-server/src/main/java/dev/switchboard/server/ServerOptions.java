package dev.switchboard.server;

import dev.switchboard.security.OriginPolicy;
import dev.switchboard.server.admin.AdminOptions;
import dev.switchboard.server.drain.DrainOptions;
import dev.switchboard.server.http.HttpOptions;
import dev.switchboard.server.http.PublishApiOptions;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.limits.ConnectionLimits;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import dev.switchboard.socket.SocketDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a running server is configured with, one validated record per concern; each record
 * names its defaults. {@link SwitchboardServer.Builder} only assembles them.
 *
 * @param listen      where and how to listen
 * @param sockets     the mounted sockets, at distinct paths
 * @param http        request bodies and static files
 * @param publishApi  the HTTP publish API
 * @param outbound    how far a client may fall behind
 * @param limits      connection limits
 * @param longPoll    long-poll timings
 * @param longPollEnabled serve {@code {mount}/longpoll} for sockets that offer it (default true)
 * @param webSocket   server-wide WebSocket settings
 * @param origins     browser origins allowed on both transports (default: the server's own host)
 * @param tls         TLS settings, or null for plain TCP (the default)
 * @param node        this node's id and token-signing secret
 * @param drain       how {@link SwitchboardServer#drain()} (and SIGTERM in {@code switchboard serve}) drains
 * @param drainApi    serve {@code POST /api/drain}, with the publish API's access rule (default
 *                    false: a library user opts in; the {@code serve} command does)
 * @param admin       the admin API and the dashboard page (default off)
 */
public record ServerOptions(ListenOptions listen, List<SocketDefinition> sockets, HttpOptions http,
                            PublishApiOptions publishApi, OutboundOptions outbound, ConnectionLimits limits,
                            LongPollOptions longPoll, boolean longPollEnabled, WebSocketOptions webSocket,
                            OriginPolicy origins, TlsConfig tls, NodeIdentity node, DrainOptions drain,
                            boolean drainApi, AdminOptions admin) {

    public ServerOptions {
        Objects.requireNonNull(listen, "listen");
        sockets = List.copyOf(sockets);
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(publishApi, "publishApi");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(longPoll, "longPoll");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(admin, "admin");
        if (admin.adminKey() != null && admin.adminKey().equals(publishApi.apiKey())) {
            throw new IllegalArgumentException("the admin key must differ from the publish API key:"
                    + " whoever may publish must not also disconnect clients and drain nodes");
        }
        Set<String> paths = new HashSet<>();
        for (SocketDefinition socket : sockets) {
            if (!paths.add(socket.path())) {
                throw new IllegalArgumentException("two sockets mounted at " + socket.path());
            }
        }
        if (sockets.isEmpty() && http.staticResources() == null && !publishApi.enabled()) {
            throw new IllegalStateException("nothing to serve: mount a socket with socket(...)");
        }
    }
}
