package dev.switchboard.client;

import dev.switchboard.protocol.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The server sent something this client cannot read as a Phoenix frame. The connection is
 * dropped and reopened with backoff; the message says what was wrong and shows the start of the
 * frame.
 */
public final class ProtocolException extends RuntimeException {

    ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    static ProtocolException undecodable(DecodeException e, byte[] data, boolean binary) {
        String preview = binary
                ? "binary " + HexFormat.ofDelimiter(" ").formatHex(data, 0, Math.min(data.length, 24))
                : "text " + new String(data, 0, Math.min(data.length, 80), StandardCharsets.UTF_8);
        return new ProtocolException("the server sent a frame that is not a valid Phoenix frame (" + e.getMessage()
                + "): " + preview + (data.length > (binary ? 24 : 80) ? "…" : "")
                + "; the connection is dropped and reopened", e);
    }
}
