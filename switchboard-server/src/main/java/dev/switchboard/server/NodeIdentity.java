package dev.switchboard.server;

import dev.switchboard.cluster.NodeIds;
import dev.switchboard.security.MessageSigner;

/**
 * Who this server is to the other nodes and to its long-poll clients.
 *
 * @param nodeId    this node's id, {@link NodeIds#PATTERN} (default null: random per server, so two
 *                  servers in one JVM are two nodes); long-poll session tokens name it. With a
 *                  shared endpoint, the endpoint's bus names the node and a different id is an error
 * @param secretKey the key that signs long-poll session tokens, at least
 *                  {@value MessageSigner#MIN_SECRET_BYTES} bytes (default null: random per start, so
 *                  tokens die with the process); give every node of a cluster the same one
 */
public record NodeIdentity(String nodeId, byte[] secretKey) {
    public static final NodeIdentity DEFAULTS = new NodeIdentity(null, null);

    public NodeIdentity {
        if (nodeId != null) {
            NodeIds.require(nodeId);
        }
        if (secretKey != null) {
            if (secretKey.length < MessageSigner.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("secretKey needs at least " + MessageSigner.MIN_SECRET_BYTES
                        + " bytes, got " + secretKey.length);
            }
            secretKey = secretKey.clone();
        }
    }

    /** A copy of the secret, or null. */
    @Override
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }

    public NodeIdentity withNodeId(String value) {
        return new NodeIdentity(value, secretKey);
    }

    public NodeIdentity withSecretKey(byte[] value) {
        return new NodeIdentity(nodeId, value);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "NodeIdentity[nodeId=" + nodeId + ", secretKey=" + (secretKey == null ? "random" : "set") + "]";
    }
}
