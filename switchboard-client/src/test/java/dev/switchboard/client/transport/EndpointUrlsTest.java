package dev.switchboard.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URLs as phoenix.js builds them (spec §1.1, §1.2; the example there is the first test). */
class EndpointUrlsTest {

    @Test
    void theSpecExample() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("token", "a b&c");
        params.put("user", Map.of("id", 5));
        assertThat(EndpointUrls.websocket(URI.create("wss://example.com/socket"), params, "2.0.0"))
                .isEqualTo("wss://example.com/socket/websocket?token=a%20b%26c&user%5Bid%5D=5&vsn=2.0.0");
    }

    @Test
    void withoutParamsVsnIsTheOnlyQueryParameter() {
        assertThat(EndpointUrls.websocket(URI.create("ws://h:4000/socket"), Map.of(), "1.0.0"))
                .isEqualTo("ws://h:4000/socket/websocket?vsn=1.0.0");
        assertThat(EndpointUrls.websocket(URI.create("http://h/socket"), Map.of(), "2.0.0"))
                .as("http means ws").isEqualTo("ws://h/socket/websocket?vsn=2.0.0");
        assertThat(EndpointUrls.websocket(URI.create("https://h/socket"), Map.of(), "2.0.0"))
                .isEqualTo("wss://h/socket/websocket?vsn=2.0.0");
    }

    @Test
    void listsAreIndexedBracketKeysNullIsAnEmptySegmentScalarsAreText() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", 1);
        params.put("n", null);
        params.put("tags", List.of("x", "y"));
        params.put("deep", Map.of("list", List.of(Map.of("k", true))));
        params.put("f", 2.5);
        params.put("whole", 3.0);
        assertThat(EndpointUrls.appendParams("u", params)).isEqualTo(
                "u?a=1&&tags%5B0%5D=x&tags%5B1%5D=y&deep%5Blist%5D%5B0%5D%5Bk%5D=true&f=2.5&whole=3");
    }

    @Test
    void jacksonTreesEncodeLikeMaps() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tree", Json.MAPPER.readTree("{\"a\":[1,null,\"é\"],\"b\":{}}"));
        assertThat(EndpointUrls.appendParams("u", params)).isEqualTo("u?tree%5Ba%5D%5B0%5D=1&&tree%5Ba%5D%5B2%5D=%C3%A9&");
    }

    @Test
    void encodeUriComponentKeepsExactlyItsUnreservedSet() {
        assertThat(EndpointUrls.encodeUriComponent("AZaz09-_.!~*'()")).isEqualTo("AZaz09-_.!~*'()");
        assertThat(EndpointUrls.encodeUriComponent(" &=?/#+,;:@$[]\"%")).isEqualTo("%20%26%3D%3F%2F%23%2B%2C%3B%3A%40%24%5B%5D%22%25");
        assertThat(EndpointUrls.encodeUriComponent("é漢🚀")).isEqualTo("%C3%A9%E6%BC%A2%F0%9F%9A%80");
    }

    @Test
    void longPollUrlsReplaceTheLastWebsocketSegmentAndCarryTheToken() {
        String ws = "wss://h/websocket/socket/websocket?user=websocket&vsn=2.0.0";
        String lp = EndpointUrls.longPoll(ws);
        assertThat(lp).isEqualTo("https://h/websocket/socket/longpoll?user=websocket&vsn=2.0.0");
        assertThat(EndpointUrls.withToken(lp, null)).as("first poll: a bare &").endsWith("vsn=2.0.0&");
        assertThat(EndpointUrls.withToken(lp, "T+1/=")).endsWith("vsn=2.0.0&token=T%2B1%2F%3D");
        assertThat(EndpointUrls.longPoll("ws://h/socket/websocket?vsn=2.0.0")).isEqualTo("http://h/socket/longpoll?vsn=2.0.0");
    }

    @Test
    void authTokensTravelAsStandardBase64WithoutPadding() {
        assertThat(WebSocketTransport.authTokenProtocol("secret-token")).isEqualTo("base64url.bearer.phx.c2VjcmV0LXRva2Vu");
        assertThat(WebSocketTransport.authTokenProtocol("ab")).isEqualTo("base64url.bearer.phx.YWI");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebSocketTransport.authTokenProtocol("???"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }

    @Test
    void arraysEncodeLikeLists() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ids", new Object[] {1, "b"});
        params.put("set", new ArrayList<>(Arrays.asList("z")));
        assertThat(EndpointUrls.appendParams("u?x=1", params)).isEqualTo("u?x=1&ids%5B0%5D=1&ids%5B1%5D=b&set%5B0%5D=z");
    }
}
