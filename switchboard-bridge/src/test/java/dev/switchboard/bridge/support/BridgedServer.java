package dev.switchboard.bridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.SocketParams;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import java.util.List;
import java.util.Map;

/**
 * A real Switchboard server on a free port whose {@code /socket} routes to {@link Bridges}
 * (connect params kept for the programs), attached and closed together; and the phoenix.js
 * scenarios of {@code bridge-scenarios.mjs} against it.
 */
public final class BridgedServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final SwitchboardServer server;
    public final Bridges bridges;

    private BridgedServer(SwitchboardServer server, Bridges bridges) {
        this.server = server;
        this.bridges = bridges;
    }

    public static BridgedServer start(Bridges bridges) {
        return start(bridges, null);
    }

    /** @param endpoint a cluster endpoint, or null for a single in-memory node */
    public static BridgedServer start(Bridges bridges, Endpoint endpoint) {
        SocketDefinition socket = bridges.addTo(SocketDefinition.builder("/socket")
                .connect(SocketParams.keep(request -> ConnectResult.accept(Map.of("user_id", "u-42"))))).build();
        SwitchboardServer.Builder builder = SwitchboardServer.builder().port(0).ioThreads(2).socket(socket).broadcastApi(true);
        if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        SwitchboardServer server = builder.build().start();
        bridges.attach(server);
        return new BridgedServer(server, bridges);
    }

    public String url() {
        return "ws://127.0.0.1:" + server.port() + "/socket";
    }

    /** Runs a scenario of {@code bridge-scenarios.mjs} with {@code extra} and returns its observations. */
    public JsonNode scenario(String name, Map<String, ?> extra) {
        return scenario(url(), name, extra);
    }

    public static JsonNode scenario(String url, String name, Map<String, ?> extra) {
        try {
            return NodeClient.run("bridge-scenarios.mjs", List.of(name, "--url", url, "--extra", MAPPER.writeValueAsString(extra)),
                    60_000);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Starts a scenario without waiting for it (read it with {@link NodeClient#result}). */
    public static Process startScenario(String url, String name, Map<String, ?> extra) {
        try {
            return NodeClient.start("bridge-scenarios.mjs", List.of(name, "--url", url, "--extra", MAPPER.writeValueAsString(extra)),
                    Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        bridges.close();
    }
}
