package dev.switchboard.bridge.channel;

import dev.switchboard.protocol.Protocol;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a connection's params (what phoenix.js sends as {@code new Socket(url, {params})}) for
 * the bridged programs, which see them as {@code SWITCHBOARD_SOCKET_PARAMS}. Channels only see
 * assigns, so this wraps the socket's connect handler: when it accepts, the params (minus the
 * protocol's {@code vsn} and the {@code _csrf_token}) are added as the assign {@value #ASSIGN}.
 *
 * <pre>{@code
 * SocketDefinition.builder("/socket").connect(SocketParams.keep(req -> ConnectResult.accept()))
 * }</pre>
 */
public final class SocketParams {
    /** The assign holding the connect params. */
    public static final String ASSIGN = "socket_params";

    private SocketParams() {}

    public static SocketHandler keep(SocketHandler handler) {
        return request -> {
            ConnectResult result = handler.connect(request);
            if (!(result instanceof ConnectResult.Accepted accepted)) {
                return result;
            }
            Map<String, Object> params = new HashMap<>(request.params());
            params.remove(Protocol.VSN_PARAM);
            params.remove("_csrf_token");
            Map<String, Object> assigns = new HashMap<>(accepted.assigns());
            assigns.put(ASSIGN, Map.copyOf(params));
            return new ConnectResult.Accepted(assigns, accepted.id());
        };
    }
}
