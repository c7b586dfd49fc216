package dev.switchboard.server.transport.longpoll;

import dev.switchboard.cluster.NodeIds;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a long-poll session token says (before signing): which node owns the session, on which of
 * its event loops, under which id, and for which mount path. A token is only ever trusted after
 * its signature verified; this class just lays the fields out.
 *
 * <p>Binary layout: {@code version(1) shard(1) sessionId(8) len(1) nodeId len(2) mountPath},
 * strings in UTF-8.
 *
 * @param nodeId    the owning node ({@link NodeIds#PATTERN})
 * @param mountPath the socket's mount path, e.g. {@code /socket}: a token works only there
 * @param shardId   the owning event loop's shard id
 * @param sessionId the session's id within that shard
 */
public record SessionToken(String nodeId, String mountPath, int shardId, long sessionId) {
    private static final byte VERSION = 1;

    public SessionToken {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(mountPath, "mountPath");
        NodeIds.require(nodeId);
        if (shardId < 0 || shardId > 255) {
            throw new IllegalArgumentException("shard id out of range: " + shardId);
        }
    }

    byte[] encode() {
        byte[] node = nodeId.getBytes(StandardCharsets.US_ASCII);
        byte[] mount = mountPath.getBytes(StandardCharsets.UTF_8);
        if (mount.length > 0xFFFF) {
            throw new IllegalArgumentException("mount path too long");
        }
        return ByteBuffer.allocate(1 + 1 + 8 + 1 + node.length + 2 + mount.length)
                .put(VERSION)
                .put((byte) shardId)
                .putLong(sessionId)
                .put((byte) node.length).put(node)
                .putShort((short) mount.length).put(mount)
                .array();
    }

    /** @throws IllegalArgumentException when the bytes are not a token of this version */
    static SessionToken decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown token version");
            }
            int shard = Byte.toUnsignedInt(in.get());
            long session = in.getLong();
            byte[] node = new byte[Byte.toUnsignedInt(in.get())];
            in.get(node);
            byte[] mount = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(mount);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in token");
            }
            return new SessionToken(new String(node, StandardCharsets.US_ASCII),
                    new String(mount, StandardCharsets.UTF_8), shard, session);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated token");
        }
    }
}
