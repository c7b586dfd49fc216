package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.io.ServerConnection;
import dev.switchboard.socket.Session;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * One connection as the admin API lists it, copied on its event loop so the answer is built
 * elsewhere without touching loop-confined state.
 *
 * @param socketId the id its socket's connect gave it, or null
 * @param topics   the topics of its live channels
 */
record ConnectionRow(long id, String transport, String remote, String socketId, List<String> topics,
                     long openedAt) {
    /** Topics listed per connection; the count is always complete. */
    static final int MAX_TOPICS_SHOWN = 20;

    /** Copies one connection; call on its loop. */
    static ConnectionRow of(ServerConnection c) {
        Session session = c.session();
        return new ConnectionRow(c.connectionId(), c.kind().label(), address(c.remoteAddress()),
                session == null ? null : session.id(), session == null ? List.of() : session.topics(), c.openedAtMillis());
    }

    /** True when {@code q} is part of the socket id, the address or a topic. */
    boolean matches(String q) {
        if (q == null) {
            return true;
        }
        if ((socketId != null && socketId.contains(q)) || remote.contains(q)) {
            return true;
        }
        for (String topic : topics) {
            if (topic.contains(q)) {
                return true;
            }
        }
        return false;
    }

    ObjectNode toJson(String node) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("id", Long.toString(id)).put("node", node)
                .put("transport", transport).put("remote", remote).put("socketId", socketId)
                .put("openedAt", openedAt).put("channels", topics.size());
        ArrayNode list = json.putArray("topics");
        topics.stream().limit(MAX_TOPICS_SHOWN).forEach(list::add);
        return json;
    }

    /** {@code 127.0.0.1:50412}, without the host name lookup {@code toString} may show. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
