package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import java.util.Map;

/**
 * One second of this node, as the dashboard charts it: gauges at the end of the second and what
 * happened during it.
 *
 * @param time        end of the second, epoch milliseconds
 * @param connections open client connections (WebSocket connections and long-poll sessions)
 * @param topics      topics with a subscribed client channel
 * @param joins       channel joins answered ok
 * @param messagesIn  messages received from clients
 * @param messagesOut frames sent to single clients (replies, pushes)
 * @param published   broadcasts fanned out to local subscribers
 * @param deliveries  broadcast copies handed to local subscribers
 * @param closes      connections that ended, by reason (reasons with none left out)
 */
record Sample(long time, int connections, int topics, long joins, long messagesIn, long messagesOut,
              long published, long deliveries, Map<String, Long> closes) {

    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("time", time).put("connections", connections).put("topics", topics).put("joins", joins)
                .put("messagesIn", messagesIn).put("messagesOut", messagesOut).put("published", published)
                .put("deliveries", deliveries);
        ObjectNode byReason = node.putObject("closes");
        closes.forEach(byReason::put);
        return node;
    }
}
