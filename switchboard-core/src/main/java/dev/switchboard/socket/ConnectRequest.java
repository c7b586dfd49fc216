package dev.switchboard.socket;

import java.util.Map;

/**
 * A client asking to connect.
 *
 * @param params connect params from the query string, bracket keys nested ({@code user[id]=5} →
 *               {@code {"user": {"id": "5"}}}); every leaf is a String; {@code vsn} included
 * @param info   everything else the application may use to decide
 */
public record ConnectRequest(Map<String, Object> params, ConnectInfo info) {

    public ConnectRequest {
        params = params == null ? Map.of() : params;
    }

    /** A top-level string param, or null (also null when the key holds a nested map). */
    public String param(String name) {
        return params.get(name) instanceof String s ? s : null;
    }
}
