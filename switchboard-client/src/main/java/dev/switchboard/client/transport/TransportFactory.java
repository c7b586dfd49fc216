package dev.switchboard.client.transport;

import java.net.URI;

/** Opens transports; the default is {@link Transports}. */
@FunctionalInterface
public interface TransportFactory {

    /**
     * Starts opening a transport. Never blocks: the outcome is reported to the listener.
     *
     * @param kind      which transport
     * @param url       the full URL: {@code .../websocket?...&vsn=2.0.0} for WebSocket, the
     *                  long-poll URL without the session token for long-poll
     * @param authToken the token to carry outside the URL (subprotocol or header), or null
     * @param listener  where events go
     */
    Transport open(TransportKind kind, URI url, String authToken, TransportListener listener);
}
