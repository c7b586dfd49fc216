package dev.switchboard.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds transport URLs exactly as phoenix.js does (spec §1.1–§1.2), so a server sees the same
 * query string from this client as from the browser.
 *
 * <ul>
 *   <li>WebSocket: {@code <endpoint>/websocket?<params>&vsn=<vsn>} ({@code ?vsn=} when there are no params).</li>
 *   <li>Long-poll: the same with {@code ws(s)://} turned into {@code http(s)://} and the last
 *       {@code /websocket} into {@code /longpoll}, then {@code &token=<session>}; before the first
 *       poll the token is null and the URL ends with a bare {@code &}.</li>
 *   <li>Params: keys and values encoded as {@code encodeURIComponent} does; nested maps become
 *       bracket keys ({@code user[id]=5}), lists indexed bracket keys ({@code tags[0]=x}), numbers
 *       and booleans their text, {@code null} an empty segment.</li>
 * </ul>
 */
public final class EndpointUrls {
    private EndpointUrls() {}

    /**
     * The WebSocket URL for an endpoint such as {@code ws://host:4000/socket} (an {@code http(s)}
     * endpoint is turned into {@code ws(s)}).
     */
    public static String websocket(URI endpoint, Map<String, ?> params, String vsn) {
        String base = endpoint.toString();
        if (base.startsWith("http://")) {
            base = "ws://" + base.substring("http://".length());
        } else if (base.startsWith("https://")) {
            base = "wss://" + base.substring("https://".length());
        }
        String url = base + "/" + TransportKind.WEBSOCKET.path();
        return appendParams(appendParams(url, params), Map.of("vsn", vsn));
    }

    /** The long-poll URL for a WebSocket URL (without the session token). */
    public static String longPoll(String websocketUrl) {
        String url = websocketUrl.replaceFirst("^ws://", "http://").replaceFirst("^wss://", "https://");
        int at = url.lastIndexOf("/" + TransportKind.WEBSOCKET.path());
        if (at >= 0) {
            url = url.substring(0, at) + "/" + TransportKind.LONGPOLL.path()
                    + url.substring(at + 1 + TransportKind.WEBSOCKET.path().length());
        }
        return url;
    }

    /** The long-poll URL with the session token ({@code null} before the session exists). */
    public static String withToken(String longPollUrl, String token) {
        Map<String, Object> param = new java.util.HashMap<>();
        param.put("token", token);
        return appendParams(longPollUrl, param);
    }

    /** Appends {@code params} with {@code ?} or {@code &}; nothing when there are none. */
    public static String appendParams(String url, Map<String, ?> params) {
        if (params == null || params.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + serialize(params, null);
    }

    /** phoenix.js's {@code Ajax.serialize}: {@code key=value} pairs joined by {@code &}. */
    static String serialize(Object value, String parentKey) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : entries(value)) {
            String key = parentKey == null ? entry.getKey() : parentKey + "[" + entry.getKey() + "]";
            Object v = entry.getValue();
            if (v == null || isObject(v)) {
                // typeof null === "object" in JavaScript: it contributes an empty segment.
                parts.add(v == null ? "" : serialize(v, key));
            } else {
                parts.add(encodeUriComponent(key) + "=" + encodeUriComponent(scalar(v)));
            }
        }
        return String.join("&", parts);
    }

    private static boolean isObject(Object v) {
        if (v instanceof JsonNode node) {
            return node.isContainerNode() || node.isNull();
        }
        return v instanceof Map<?, ?> || v instanceof Iterable<?> || v instanceof Object[];
    }

    private static List<Map.Entry<String, Object>> entries(Object value) {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        if (value instanceof JsonNode node) {
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                fields.forEachRemaining(f -> out.add(new java.util.AbstractMap.SimpleEntry<>(f.getKey(), nodeValue(f.getValue()))));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    out.add(new java.util.AbstractMap.SimpleEntry<>(Integer.toString(i), nodeValue(node.get(i))));
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.add(new java.util.AbstractMap.SimpleEntry<>(String.valueOf(k), v)));
        } else if (value instanceof Iterable<?> list) {
            int i = 0;
            for (Object v : list) {
                out.add(new java.util.AbstractMap.SimpleEntry<>(Integer.toString(i++), v));
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                out.add(new java.util.AbstractMap.SimpleEntry<>(Integer.toString(i), array[i]));
            }
        }
        return out;
    }

    /** A JSON node as a value for {@link #serialize}: containers stay nodes, null becomes null. */
    private static Object nodeValue(JsonNode node) {
        return node.isNull() ? null : node;
    }

    /** A scalar as JavaScript's {@code String(value)} would render it. */
    private static String scalar(Object v) {
        if (v instanceof JsonNode node) {
            return node.isNumber() ? number(node.numberValue()) : node.asText();
        }
        if (v instanceof Number n) {
            return number(n);
        }
        return String.valueOf(v);
    }

    private static String number(Number n) {
        if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e21) {
                return new BigDecimal(d).toPlainString();
            }
            return n instanceof BigDecimal b ? b.toPlainString() : String.valueOf(d);
        }
        return n.toString();
    }

    /** JavaScript's {@code encodeURIComponent}: everything but {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} is escaped. */
    public static String encodeUriComponent(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.!~*'()".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
