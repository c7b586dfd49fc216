package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.health.Health;
import dev.switchboard.health.HealthCheck;
import dev.switchboard.protocol.Json;
import dev.switchboard.socket.Endpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health}: {@code {"status":"ok"|"degraded"|"down","node":"a","checks":{"redis":{"status":"up","detail":"…"}}}}.
 *
 * <p>HTTP 200 for ok <em>and</em> degraded: a degraded node (say, its cluster's Redis is away)
 * still serves its own clients, and a load balancer that took it out of rotation would
 * disconnect them all to send them to nodes in the same state. Only {@code down} — a check that
 * says the node cannot serve — answers 503. The status word is there for monitoring to alert on.
 *
 * <p>A draining node answers 503 {@code {"status":"draining","node":"a"}} from the first moment of
 * its drain, before anything else happens, so the balancer takes it out of rotation.
 */
public final class HealthRoute {
    public static final String PATH = "/health";
    /** How recent a health check must be for the node to count as watched by a balancer. */
    public static final long WATCHED_WITHIN_NANOS = 60_000_000_000L;

    private final Endpoint endpoint;
    /** When {@code /health} was last asked (System.nanoTime), or 0 if never. */
    private volatile long lastAskedNanos;

    public HealthRoute(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * True when {@code /health} was asked within the last minute: something — a load balancer, an
     * orchestrator's readiness probe — watches this node and will learn of a drain from it.
     */
    public boolean watched() {
        long last = lastAskedNanos;
        return last != 0 && System.nanoTime() - last < WATCHED_WITHIN_NANOS;
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        lastAskedNanos = System.nanoTime();
        ObjectNode body = report(endpoint);
        String status = body.get("status").asText();
        send(ctx, request, status.equals("draining") || status.equals("down")
                ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, body);
    }

    /**
     * The node's health as {@code GET /health} answers it: {@code draining}, or the worst of its
     * checks ({@code ok}, {@code degraded}, {@code down}) with each check's status and detail.
     */
    public static ObjectNode report(Endpoint endpoint) {
        if (endpoint.isDraining()) {
            return Json.MAPPER.createObjectNode().put("status", "draining").put("node", endpoint.nodeId());
        }
        Health.Status worst = Health.Status.UP;
        ObjectNode checks = Json.MAPPER.createObjectNode();
        for (HealthCheck check : endpoint.healthChecks()) {
            Health health;
            try {
                health = check.check();
            } catch (RuntimeException e) {
                health = Health.down("health check failed: " + e);
            }
            worst = worst.worst(health.status());
            checks.putObject(check.name())
                    .put("status", health.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("detail", health.detail());
        }
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("status", worst == Health.Status.UP ? "ok" : worst.name().toLowerCase(java.util.Locale.ROOT))
                .put("node", endpoint.nodeId());
        body.set("checks", checks);
        return body;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, ObjectNode body) {
        FullHttpResponse response = HttpResponses.response(status, HttpResponses.JSON,
                body.toString().getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpResponses.send(ctx, request, response);
    }
}
