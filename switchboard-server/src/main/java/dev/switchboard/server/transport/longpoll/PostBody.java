package dev.switchboard.server.transport.longpoll;

import dev.switchboard.protocol.DecodeException;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Serializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a long-poll POST body into client messages (spec §5.4).
 *
 * <p>{@code application/x-ndjson}: one frame per line ({@code \n}, {@code \r\n} accepted); a line
 * starting with {@code [} (or {@code {}, a V1 object) is a text frame, any other line standard
 * base64 of a binary frame. Only the first {@value LongPollProtocol#MAX_LINES_PER_POST} non-empty
 * lines count; the rest are ignored unread (blank lines, such as a trailing newline, are skipped).
 * Any other content type: the whole body is one text frame.
 *
 * <p>All lines are decoded before any is dispatched, so a body with one bad line is refused as a
 * whole (HTTP 400) and the session sees none of it — it is never left half-way through a batch.
 */
final class PostBody {
    private PostBody() {}

    /** A body that cannot be decoded; the message names the line and the problem. */
    static final class BadBodyException extends Exception {
        private static final long serialVersionUID = 1L;

        BadBodyException(String message) {
            super(message, null, false, false);
        }
    }

    static List<Message> decode(byte[] body, String contentType, Serializer serializer) throws BadBodyException {
        if (!isNdjson(contentType)) {
            return List.of(decodeLine(body, false, serializer, 1));
        }
        List<Message> messages = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start <= body.length && messages.size() < LongPollProtocol.MAX_LINES_PER_POST) {
            int end = indexOf(body, (byte) '\n', start);
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            lineNumber++;
            if (stop > start) {
                byte[] line = Arrays.copyOfRange(body, start, stop);
                boolean text = line[0] == '[' || line[0] == '{';
                byte[] frame = text ? line : base64(line, lineNumber);
                messages.add(decodeLine(frame, !text, serializer, lineNumber));
            }
            start = end + 1;
        }
        return messages;
    }

    private static boolean isNdjson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(LongPollProtocol.NDJSON);
    }

    private static byte[] base64(byte[] line, int lineNumber) throws BadBodyException {
        try {
            return Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new BadBodyException("line " + lineNumber + " is neither a JSON frame nor base64: " + e.getMessage());
        }
    }

    private static Message decodeLine(byte[] frame, boolean binary, Serializer serializer, int lineNumber)
            throws BadBodyException {
        try {
            return serializer.decode(frame, binary);
        } catch (DecodeException e) {
            throw new BadBodyException("line " + lineNumber + ": invalid message: " + e.getMessage());
        }
    }

    /** Index of {@code b} at or after {@code from}, or {@code body.length} when there is none. */
    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return body.length;
    }
}
