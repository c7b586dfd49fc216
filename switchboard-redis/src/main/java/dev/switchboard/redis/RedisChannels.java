package dev.switchboard.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The names of the Redis channels a cluster uses, all under one prefix:
 * <ul>
 *   <li>{@code {prefix}:broadcast} — every broadcast (global mode), or
 *       {@code {prefix}:broadcast:{n}} for n in 0..shards-1 (sharded mode; a topic always uses
 *       the same n, so its broadcasts stay in order);</li>
 *   <li>{@code {prefix}:node:{nodeId}} — messages for one node (only that node subscribes, so the
 *       PUBLISH reply says whether it is listening);</li>
 *   <li>{@code {prefix}:nodes} — messages for every node.</li>
 * </ul>
 * Every shard channel is subscribed at start, so there is no per-topic subscribe, and no race
 * between a first join and the first broadcast.
 */
final class RedisChannels {
    private final String broadcast;
    private final String nodes;
    private final String ownNodePrefix;
    private final String[] shardNames;

    RedisChannels(String prefix, boolean sharded, int shards) {
        this.broadcast = prefix + ":broadcast";
        this.nodes = prefix + ":nodes";
        this.ownNodePrefix = prefix + ":node:";
        this.shardNames = new String[sharded ? shards : 0];
        for (int i = 0; i < shardNames.length; i++) {
            shardNames[i] = broadcast + ":" + i;
        }
    }

    boolean sharded() {
        return shardNames.length > 0;
    }

    /** The channel a topic's broadcasts travel on. */
    String forTopic(String topic) {
        return sharded() ? shardNames[shardOf(topic, shardNames.length)] : broadcast;
    }

    /**
     * A topic's shard: CRC-32 of its UTF-8 bytes modulo the shard count. A published checksum
     * rather than {@code hashCode}, so a node written in any language can agree on it.
     */
    static int shardOf(String topic, int shards) {
        CRC32 crc = new CRC32();
        crc.update(topic.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    String node(String nodeId) {
        return ownNodePrefix + nodeId;
    }

    String nodes() {
        return nodes;
    }

    /** Channels for SUBSCRIBE: the node's own, the all-nodes one and, in global mode, the broadcast one. */
    List<String> plainChannels(String nodeId) {
        List<String> channels = new ArrayList<>(List.of(node(nodeId), nodes));
        if (!sharded()) {
            channels.add(broadcast);
        }
        return channels;
    }

    /** Channels for SSUBSCRIBE: every shard channel in sharded mode, else none. */
    List<String> shardChannels() {
        return List.of(shardNames);
    }
}
