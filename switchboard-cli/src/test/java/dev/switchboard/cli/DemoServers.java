package dev.switchboard.cli;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.tls.TlsConfig;
import java.util.List;

/**
 * The demo app started in-process as {@code switchboard serve} builds it ({@code
 * ServeCommand.demo}, the builder {@code call()} starts from), on 127.0.0.1 and a free port.
 */
public final class DemoServers {
    private static final String HOST = "127.0.0.1";

    private DemoServers() {}

    /** With the default origin check: pages from this server's own host only. */
    public static SwitchboardServer start() {
        return start(null);
    }

    /** With {@code --allowed-origins} (null: the default; {@code "*"}: any). */
    public static SwitchboardServer start(List<String> allowedOrigins) {
        SwitchboardServer.Builder builder = ServeCommand.demo().host(HOST).port(0);
        if (allowedOrigins != null) {
            builder.allowedOrigins(allowedOrigins);
        }
        return builder.build().start();
    }

    /** Over TLS only ({@code https://}, {@code wss://}), as with {@code --tls-cert} or {@code --tls-self-signed}. */
    public static SwitchboardServer withTls(TlsConfig tls) {
        return ServeCommand.demo().host(HOST).port(0).tls(tls).build().start();
    }

    /** With a publish API key, as with {@code --api-key}. */
    public static SwitchboardServer withApiKey(String apiKey) {
        return ServeCommand.demo().host(HOST).port(0).apiKey(apiKey).build().start();
    }

    /**
     * As with {@code --compress} (when {@code compress}) and {@code --compress-min-bytes}, open to
     * pages of any origin (a page of the server may then connect through a proxy on another port).
     */
    public static SwitchboardServer withCompression(boolean compress, int minBytes) {
        return ServeCommand.demo().host(HOST).port(0).allowedOrigins(List.of("*"))
                .compression(compress).compressMinBytes(minBytes).build().start();
    }
}
