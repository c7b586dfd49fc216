package dev.switchboard.protocol;

/**
 * The client's side of a wire format: encodes the messages a client sends and decodes the frames
 * a server sends. The server's side is {@link Serializer}; the two are mirror images, so a frame
 * encoded by one decodes with the other.
 *
 * <p>Decoded server frames are {@link Reply replies} (event {@code phx_reply}, with the status and
 * response taken out of the payload, or a binary reply) or {@link Message messages} for everything
 * else: pushes ({@code join_ref} set, {@code ref} null), broadcasts (both null), channel control
 * frames ({@code phx_close}, {@code phx_error}). A broadcast is a {@link Message} here rather than a
 * {@link Broadcast}, because the {@code ref} slot of a broadcast may carry a value the client needs
 * (a message position, see the recovery extension). Implementations are stateless and
 * thread-safe.
 */
public interface ClientSerializer {

    /** The wire format this serializer speaks. */
    WireFormat format();

    /**
     * Encodes one client message. A {@link BinaryPayload} becomes a V2 binary push (kind 0, with
     * its {@code ref}); any JSON value is allowed as payload.
     *
     * @throws EncodeException when the message cannot be represented in this format (binary in
     *                         V1, a binary field over 255 bytes of UTF-8)
     */
    EncodedFrame encode(Message message);

    /**
     * Decodes one server frame.
     *
     * @param data   the frame bytes (UTF-8 JSON for text frames)
     * @param binary whether the bytes arrived as a binary WebSocket message
     * @throws DecodeException if the bytes are not a valid server frame for this version
     */
    Frame decode(byte[] data, boolean binary) throws DecodeException;

    /** The shared client serializer for a wire format. */
    static ClientSerializer of(WireFormat format) {
        return switch (format) {
            case V1_JSON -> V1ClientSerializer.INSTANCE;
            case V2 -> V2ClientSerializer.INSTANCE;
        };
    }
}
