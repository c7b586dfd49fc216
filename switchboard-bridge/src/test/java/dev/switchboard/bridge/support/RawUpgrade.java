package dev.switchboard.bridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade (or any GET) over a plain socket, to see refusals as a client does: the
 * status and the body with its reason. (The JDK client hides both.)
 */
public final class RawUpgrade {
    private RawUpgrade() {}

    /** @param status HTTP status; @param body the response body (the reason) */
    public record Response(int status, String statusLine, String body) {}

    public static Response upgrade(int port, String pathAndQuery, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            request.append(h).append("\r\n");
        }
        request.append("\r\n");
        return exchange(port, request.toString());
    }

    public static Response get(int port, String pathAndQuery) throws IOException {
        return exchange(port, "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
    }

    private static Response exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    all.write(buffer, 0, n);
                    String so = all.toString(StandardCharsets.ISO_8859_1);
                    int headerEnd = so.indexOf("\r\n\r\n");
                    if (headerEnd > 0 && so.startsWith("HTTP/1.1 101")) {
                        break; // an upgrade: no body follows
                    }
                    if (headerEnd > 0 && contentComplete(so, headerEnd)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // return what arrived
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int lineEnd = text.indexOf("\r\n");
            String statusLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
            int headerEnd = text.indexOf("\r\n\r\n");
            String body = headerEnd < 0 ? "" : text.substring(headerEnd + 4);
            String[] parts = statusLine.split(" ");
            return new Response(parts.length > 1 ? Integer.parseInt(parts[1]) : -1, statusLine, body);
        }
    }

    private static boolean contentComplete(String response, int headerEnd) {
        for (String line : response.substring(0, headerEnd).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return response.length() - headerEnd - 4 >= length;
            }
        }
        return false;
    }
}
