/**
 * The Phoenix Channels wire protocol: frames, payloads and the three serializations
 * (V1 JSON objects, V2 JSON arrays, V2 binary).
 *
 * <p>The vocabulary is the protocol's own: {@code join_ref}, {@code ref}, {@code topic},
 * {@code event}, {@code payload}. Every reserved name and limit lives in {@link Protocol}.
 * Both ends are here: a {@link dev.switchboard.protocol.Serializer} decodes client messages and
 * encodes server frames (the server's side), a {@link dev.switchboard.protocol.ClientSerializer}
 * encodes client messages and decodes server frames (the client's side). Serializers are
 * stateless and thread-safe; a frame is encoded once per wire format and the resulting bytes may
 * be shared by any number of connections.
 */
package dev.switchboard.protocol;
