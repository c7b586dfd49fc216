package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.transport.EndpointUrls;
import dev.switchboard.protocol.Json;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connect URLs of the Java client are byte for byte those of phoenix.js 1.8.16 for the same params. */
class UrlCompatibilityTest {
    private static final String ENDPOINT = "ws://127.0.0.1:4000/socket";
    private static final String CASES = """
            [{},
             {"token": "a b&c", "user": {"id": 5}},
             {"tags": ["x", "y"], "n": null, "f": 2.5, "whole": 3.0, "yes": true, "no": false},
             {"deep": {"list": [{"k": "v"}, [1, [2]]], "empty": {}}, "after": 1},
             {"unicode": "é 漢字 🚀", "reserved": "!~*'()-_.", "escaped": " &=?/#+,;:@$[]\\"%"},
             {"key with space": "v", "ü": "ß", "a[b]": "c"}]
            """;

    @Test
    void websocketAndLongPollUrlsMatchPhoenixJs() throws Exception {
        JsonNode cases = Json.MAPPER.readTree(CASES);
        JsonNode expected;
        try (PhoenixJs js = PhoenixJs.start("urls.mjs", ENDPOINT, cases.toString())) {
            expected = js.next(Duration.ofSeconds(20)).get("urls");
        }
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> params = Json.MAPPER.convertValue(cases.get(i),
                    Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
            String websocket = EndpointUrls.websocket(URI.create(ENDPOINT), params, "2.0.0");
            assertThat(websocket).as("websocket URL for %s", cases.get(i)).isEqualTo(expected.get(i).get("websocket").asText());
            assertThat(EndpointUrls.withToken(EndpointUrls.longPoll(websocket), null)).as("long-poll URL for %s", cases.get(i))
                    .isEqualTo(expected.get(i).get("longpoll").asText());
        }
    }
}
