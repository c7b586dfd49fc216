package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.health.Health;
import dev.switchboard.health.HealthCheck;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /health} and {@code GET /metrics} on a real server. */
class HealthAndMetricsTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private SwitchboardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.endpoint().close(); // given to the server, so not closed by it
        }
    }

    @Test
    void healthyNodeSaysOkWithItsNodeId() throws Exception {
        server = start(Endpoint.inMemory("node-1"));
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("node").asText()).isEqualTo("node-1");
        assertThat(body.path("checks").isObject()).isTrue();
    }

    @Test
    void degradedIsStill200BecauseTheNodeServesItsClients() throws Exception {
        AtomicReference<Health> state = new AtomicReference<>(Health.up("fine"));
        Endpoint endpoint = Endpoint.inMemory("node-2").addHealthCheck(check("db", state));
        server = start(endpoint);
        assertThat(Json.MAPPER.readTree(get("/health").body()).path("checks").path("db").path("status").asText()).isEqualTo("up");

        state.set(Health.degraded("replica lagging"));
        HttpResponse<String> degraded = get("/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(degraded.body());
        assertThat(body.path("status").asText()).isEqualTo("degraded");
        assertThat(body.path("checks").path("db").path("detail").asText()).isEqualTo("replica lagging");

        state.set(Health.down("gone"));
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(down.body()).path("status").asText()).isEqualTo("down");
    }

    @Test
    void aThrowingCheckCountsAsDown() throws Exception {
        Endpoint endpoint = Endpoint.inMemory("node-3").addHealthCheck(new HealthCheck() {
            public String name() {
                return "broken";
            }

            public Health check() {
                throw new IllegalStateException("oops");
            }
        });
        server = start(endpoint);
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("oops");
    }

    @Test
    void metricsShowServerMetersAndTheEndpointsBinders() throws Exception {
        class CountingCheck implements HealthCheck, MeterBinder {
            int bound;

            public String name() {
                return "counting";
            }

            public Health check() {
                return Health.up("ok");
            }

            public void bindTo(MeterRegistry registry) {
                bound++;
                Counter.builder("test.part.events").register(registry).increment(3);
            }
        }
        CountingCheck part = new CountingCheck();
        server = start(Endpoint.inMemory("node-4").addHealthCheck(part));
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body())
                .contains("switchboard_connections_open")
                .contains("switchboard_limits_hits_total{limit=\"maxConnections\"}")
                .contains("switchboard_joins_total 0.0")
                .contains("switchboard_messages_in_total 0.0")
                .contains("switchboard_messages_out_total 0.0")
                .contains("switchboard_broadcasts_published_total 0.0")
                .contains("switchboard_broadcasts_delivered_total 0.0")
                .contains("test_part_events_total 3.0");
        assertThat(part.bound).isEqualTo(1);
    }

    @Test
    void everyEndOfAConnectionIsCountedByTransportAndReason() throws Exception {
        server = start(Endpoint.inMemory("node-6"));
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0");
        java.net.http.WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(ws, new java.net.http.WebSocket.Listener() {}).get(5, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendClose(1000, "bye").get(5, java.util.concurrent.TimeUnit.SECONDS);
        java.net.http.WebSocket refused = null;
        try {
            refused = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                    + "/socket/websocket?vsn=9.0.0"), new java.net.http.WebSocket.Listener() {}).get(5,
                    java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // 403: an unsupported vsn
        }
        assertThat(refused).isNull();

        String clientClosed = "switchboard_connections_closed_total{reason=\"client_closed\",transport=\"websocket\"} 1.0";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(get("/metrics").body()).contains(clientClosed));
        assertThat(get("/metrics").body())
                .contains("switchboard_connections_closed_total{reason=\"refused\",transport=\"websocket\"} 1.0")
                .contains("switchboard_connections_closed_total{reason=\"slow_consumer\",transport=\"longpoll\"} 0.0");
    }

    @Test
    void onlyReadsAreServed() throws Exception {
        server = start(Endpoint.inMemory("node-5"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    private SwitchboardServer start(Endpoint endpoint) {
        return SwitchboardServer.builder().port(0).endpoint(endpoint)
                .socket(SocketDefinition.builder("/socket")
                        .channel("room:*", () -> (topic, params, ctx) -> JoinResult.ok(), Execution.EVENT_LOOP)
                        .build())
                .build().start();
    }

    private static HealthCheck check(String name, AtomicReference<Health> state) {
        return new HealthCheck() {
            public String name() {
                return name;
            }

            public Health check() {
                return state.get();
            }
        };
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
