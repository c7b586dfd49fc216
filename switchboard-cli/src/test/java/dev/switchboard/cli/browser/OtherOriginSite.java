package dev.switchboard.cli.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another web site: the JDK's small HTTP server on its own loopback address, serving one page at
 * {@code /cross-origin.html}. Its origin ({@code http://127.0.0.2:PORT}) differs from the
 * Switchboard server's in host, which is what an origin check compares.
 */
final class OtherOriginSite implements AutoCloseable {
    static final String PAGE = "/cross-origin.html";

    private final HttpServer server;
    private final String host;

    private OtherOriginSite(HttpServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Serves {@code page} at {@link #PAGE} on {@code host}, on a free port. */
    static OtherOriginSite start(String host, Path page) throws IOException {
        byte[] html = Files.readAllBytes(page);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        server.createContext("/", exchange -> respond(exchange, html));
        server.start();
        return new OtherOriginSite(server, host);
    }

    /** What a browser sends as {@code Origin} for this site's pages. */
    String origin() {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, byte[] html) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PAGE)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(html);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
