package dev.switchboard.client.transport;

import java.net.URI;

/** The JDK transports: {@link java.net.http.WebSocket} and long-poll over {@link java.net.http.HttpClient}. */
public final class Transports implements TransportFactory {
    private final TransportContext context;

    public Transports(TransportContext context) {
        this.context = context;
    }

    @Override
    public Transport open(TransportKind kind, URI url, String authToken, TransportListener listener) {
        return switch (kind) {
            case WEBSOCKET -> WebSocketTransport.open(context, url, authToken, listener);
            case LONGPOLL -> LongPollTransport.open(context, url, authToken, listener);
        };
    }
}
