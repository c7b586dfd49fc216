package dev.switchboard.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A V2 JSON client over the JDK WebSocket client, with the headers a browser would send. */
final class WsClient implements WebSocket.Listener {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private int ref;

    /**
     * @param cookie    the Cookie header, or null
     * @param authToken sent as the {@code authToken} subprotocol like phoenix.js does, or null
     */
    static WsClient connect(int port, String query, String cookie, String authToken) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (authToken != null) {
            String encoded = Base64.getEncoder().encodeToString(authToken.getBytes()).replace("=", "");
            builder.subprotocols("phoenix", "base64url.bearer.phx." + encoded);
        }
        client.ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0" + query),
                client).get(5, TimeUnit.SECONDS);
        return client;
    }

    /** Sends {@code [join_ref, ref, topic, event, payload]} and returns the reply's {@code response}, asserting its status. */
    JsonNode call(String topic, String event, String payloadJson, String expectedStatus) throws Exception {
        String r = String.valueOf(++ref);
        ws.sendText("[\"1\",\"" + r + "\",\"" + topic + "\",\"" + event + "\"," + payloadJson + "]", true)
                .get(5, TimeUnit.SECONDS);
        while (true) {
            String text = frames.poll(5, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no reply to " + event + " on " + topic);
            }
            JsonNode frame = Json.MAPPER.readTree(text);
            if (frame.get(3).asText().equals("phx_reply") && frame.get(1).asText().equals(r)) {
                JsonNode payload = frame.get(4);
                if (!payload.path("status").asText().equals(expectedStatus)) {
                    throw new AssertionError("expected " + expectedStatus + " but got " + payload);
                }
                return payload.path("response");
            }
        }
    }

    void close() {
        ws.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }
}
