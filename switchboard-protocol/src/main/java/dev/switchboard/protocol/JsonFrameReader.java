package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one client JSON message with Jackson's streaming parser, token by token.
 *
 * <p>Payloads are never turned into trees: the parser skips over them and the raw bytes between the
 * payload's first and last byte become the {@link JsonPayload}, already validated by the skip.
 * Callers drive the parser and must call {@link #expectEnd()} so that exactly one JSON value is
 * accepted. Jackson errors surface as {@link IOException}s; {@link #invalidJson} turns them into
 * {@link DecodeException}s.
 */
final class JsonFrameReader implements AutoCloseable {
    private final byte[] data;
    private final JsonParser parser;

    private JsonFrameReader(byte[] data, JsonParser parser) {
        this.data = data;
        this.parser = parser;
    }

    static JsonFrameReader open(byte[] data) throws IOException {
        return new JsonFrameReader(data, Json.factory().createParser(data));
    }

    /** Advances to the next token; null at the end of input. */
    JsonToken next() throws IOException, DecodeException {
        JsonToken token = parser.nextToken();
        // Jackson sniffs UTF-16/32 from NUL bytes and then reports no byte offsets; such input is not
        // the UTF-8 JSON the protocol requires, and payload slicing would be impossible anyway.
        if (token != null && parser.currentTokenLocation().getByteOffset() < 0) {
            throw new DecodeException("message is not UTF-8 JSON");
        }
        return token;
    }

    /** Advances to the first token of the message, which must exist. */
    JsonToken first() throws IOException, DecodeException {
        JsonToken token = next();
        if (token == null) {
            throw new DecodeException("empty message");
        }
        return token;
    }

    /** The token the parser is on. */
    JsonToken currentToken() {
        return parser.currentToken();
    }

    /** The current field name inside an object. */
    String fieldName() throws IOException {
        return parser.currentName();
    }

    /** Skips the value at the current token (and its children, if it is an array or object). */
    void skipValue() throws IOException {
        parser.skipChildren();
    }

    /** The current token as a string field such as topic or event. */
    String string(String field) throws IOException, DecodeException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new DecodeException(field + " must be a string");
        }
        return parser.getText();
    }

    /**
     * The current token as a ref. Numbers keep their exact text so they can be echoed byte for byte
     * ({@code 1.50} stays {@code 1.50}).
     */
    Ref ref(String field) throws IOException, DecodeException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> new Ref(parser.getText(), false);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Ref(parser.getText(), true);
            default -> throw new DecodeException(field + " must be a string, number or null");
        };
    }

    /** The value at the current token (any JSON value), as a copy of its raw bytes. */
    JsonPayload payload() throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
        } else {
            // Strings are parsed lazily; finishing the token moves the location past the closing quote.
            parser.finishToken();
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return JsonPayload.trusted(Arrays.copyOfRange(data, start, end));
    }

    /** Requires that nothing but whitespace follows the message's single JSON value. */
    void expectEnd() throws IOException, DecodeException {
        if (next() != null) {
            throw new DecodeException("unexpected data after the message");
        }
    }

    /** A parser error as a decode error, without Jackson's multi-line location suffix. */
    static DecodeException invalidJson(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new DecodeException("invalid JSON: " + detail, e);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
