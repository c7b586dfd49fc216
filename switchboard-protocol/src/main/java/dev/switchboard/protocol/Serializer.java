package dev.switchboard.protocol;

/**
 * Converts between wire bytes and frames for one protocol version. Implementations are stateless
 * and thread-safe.
 */
public interface Serializer {

    /** The wire format this serializer speaks. */
    WireFormat format();

    /**
     * Decodes one client message.
     *
     * @param data   the message bytes (UTF-8 JSON for text frames)
     * @param binary whether the bytes arrived as a binary WebSocket message (or a base64 long-poll line)
     * @throws DecodeException if the bytes are not a valid client message for this version
     */
    Message decode(byte[] data, boolean binary) throws DecodeException;

    /**
     * Encodes one server frame.
     *
     * @throws EncodeException if the frame cannot be represented in this format (binary payload in
     *                         V1, a binary field over 255 bytes, a non-object JSON payload where
     *                         the protocol requires an object)
     */
    EncodedFrame encode(Frame frame) throws EncodeException;
}
