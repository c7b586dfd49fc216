package dev.switchboard.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response off a stream, byte by byte up to the end of the head (so whatever
 * follows, WebSocket frames included, stays in the stream).
 *
 * <p>What goes wrong is told apart, because hostile-input tests count it: {@link EOFException}
 * when the connection ends before any byte of a response, {@link ProtocolException} for bytes
 * that are not a response (or one cut short), {@link SocketTimeoutException} for silence.
 */
public final class ResponseReader {
    /** A head larger than this is garbage, not a response. */
    public static final int MAX_HEAD_BYTES = 64 * 1024;

    private ResponseReader() {}

    /**
     * Reads a response.
     *
     * @param withBody false: the head only. True: also the body, framed by Content-Length, chunked
     *                 encoding, or (neither) the end of the connection; none for 1xx, 204 and 304.
     */
    public static RawResponse read(InputStream in, boolean withBody) throws IOException {
        String head = readHead(in);
        int lineEnd = head.indexOf("\r\n");
        String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        int status = parseStatus(statusLine);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : head.substring(lineEnd < 0 ? head.length() : lineEnd + 2).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body = withBody && status >= 200 && status != 204 && status != 304 ? readBody(in, headers) : new byte[0];
        return new RawResponse(status, statusLine, headers, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int window = 0;
        while (window != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    throw new EOFException("connection closed before a response");
                }
                throw new ProtocolException("connection closed inside the response head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            window = (window << 8) | b;
            if (head.size() > MAX_HEAD_BYTES) {
                throw new ProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        byte[] bytes = head.toByteArray();
        return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
    }

    private static int parseStatus(String statusLine) throws ProtocolException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("no status code in: " + statusLine);
        }
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length.get(0));
            byte[] body = in.readNBytes(n);
            if (body.length < n) {
                throw new ProtocolException("body cut short: " + body.length + " of " + n + " bytes");
            }
            return body;
        }
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            return readChunked(in);
        }
        // No framing: the body runs until the server closes (bounded by the read timeout).
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (SocketTimeoutException e) {
            // keep what arrived
        }
        return body.toByteArray();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new ProtocolException("chunked body cut short");
            }
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                readLine(in); // the empty line after the last chunk (no trailers expected)
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
