package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.http.ApiError;
import dev.switchboard.server.http.PublishBody;
import dev.switchboard.server.http.Publication;
import dev.switchboard.socket.Endpoint;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin API can do: publish to a topic, disconnect one connection or every connection of
 * a socket id, drain this node. Each is logged at INFO with who asked, before it is done.
 */
final class AdminActions {
    private static final Logger log = LoggerFactory.getLogger(AdminActions.class);

    private final Endpoint endpoint;
    private final ConnectionListing connections;
    private final IntSupplier startDrain;

    /** @param startDrain starts this node's drain (or finds it running); null when the server cannot drain */
    AdminActions(Endpoint endpoint, ConnectionListing connections, IntSupplier startDrain) {
        this.endpoint = endpoint;
        this.connections = connections;
        this.startDrain = startDrain;
    }

    /** {@code {"topic","event","payload"}}: one broadcast, as the publish API's batch entry. */
    CompletableFuture<ObjectNode> publish(byte[] body, String who) throws ApiError {
        Publication p = PublishBody.message(body);
        log.info("Admin publish of '{}' to {} by {}", p.event(), p.topic(), who);
        return endpoint.pubsub().publish(new Broadcast(p.topic(), p.event(), p.payload()))
                .toCompletableFuture().thenApply(position -> {
                    ObjectNode answer = Json.MAPPER.createObjectNode().put("status", "published")
                            .put("topic", p.topic()).put("event", p.event());
                    if (position != null) {
                        answer.put("position", position.toString());
                    }
                    return answer;
                });
    }

    /**
     * {@code {"connection": "<id>"}} closes that connection of this node; {@code {"socketId": "…"}}
     * closes every connection with that socket id on every node sharing the PubSub. Both with 1001,
     * after which clients reconnect.
     */
    CompletableFuture<ObjectNode> disconnect(byte[] body, String who) throws ApiError {
        JsonNode root = object(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("connection") && !name.equals("socketId")) {
                throw AdminQuery.bad("unknown field '" + name + "'; allowed: connection, socketId (one of them)");
            }
        }
        JsonNode connection = root.get("connection");
        JsonNode socketId = root.get("socketId");
        if ((connection == null) == (socketId == null)) {
            throw AdminQuery.bad("give exactly one of 'connection' (a connection id from /api/admin/connections)"
                    + " or 'socketId'");
        }
        if (socketId != null) {
            if (!socketId.isTextual() || socketId.textValue().isEmpty()) {
                throw AdminQuery.bad("'socketId' must be a non-empty string");
            }
            log.info("Admin disconnect of socket id {} (every node) by {}", socketId.textValue(), who);
            endpoint.disconnect(socketId.textValue());
            return CompletableFuture.completedFuture(Json.MAPPER.createObjectNode()
                    .put("status", "disconnecting").put("socketId", socketId.textValue()));
        }
        if (!connection.isTextual() || !connection.textValue().matches("[0-9]{1,18}")) {
            throw AdminQuery.bad("'connection' must be a connection id as listed by /api/admin/connections, a string of digits");
        }
        long id = Long.parseLong(connection.textValue());
        log.info("Admin disconnect of connection {} by {}", id, who);
        return connections.disconnect(id).thenApply(found -> {
            if (!found) {
                throw new CompletionException(new ApiError(HttpResponseStatus.NOT_FOUND,
                        "no open connection " + id + " on node " + endpoint.nodeId()));
            }
            return Json.MAPPER.createObjectNode().put("status", "disconnecting").put("connection", connection.textValue());
        });
    }

    /** Starts draining this node, as {@code POST /api/drain}. */
    ObjectNode drain(String who) throws ApiError {
        if (startDrain == null) {
            throw new ApiError(HttpResponseStatus.CONFLICT, "this server cannot drain");
        }
        log.info("Admin drain of node {} by {}", endpoint.nodeId(), who);
        int open = startDrain.getAsInt();
        return Json.MAPPER.createObjectNode().put("status", "draining").put("node", endpoint.nodeId())
                .put("connections", open);
    }

    private static JsonNode object(byte[] body) throws ApiError {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AdminQuery.bad("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AdminQuery.bad("body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw AdminQuery.bad("body must be a JSON object");
        }
        return root;
    }
}
