package dev.switchboard.redis;

import dev.switchboard.protocol.Broadcast;
import java.util.Objects;

/**
 * One message between nodes as it travels through Redis; {@link EnvelopeCodec} turns it into
 * bytes and back.
 */
sealed interface Envelope {

    /** The id of the node that sent it; a node ignores broadcasts it sent itself. */
    String origin();

    /**
     * A broadcast to a topic's subscribers on every node.
     *
     * @param offset the broadcast's position in its topic's history, or {@link #NO_OFFSET}; carried
     *               now so history and recovery can use it later without a new envelope version
     */
    record ForTopic(String origin, long offset, Broadcast broadcast) implements Envelope {
        static final long NO_OFFSET = -1;

        public ForTopic {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(broadcast, "broadcast");
        }
    }

    /**
     * A broadcast on a topic that keeps history, with the position the cluster's history gave it
     * ({@code broadcast.position()}, never null). Built inside Redis by the script that assigns the
     * position ({@link HistoryScripts#PUBLISH}), so every node receives it with its offset.
     */
    record Positioned(String origin, Broadcast broadcast) implements Envelope {
        public Positioned {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(broadcast, "broadcast");
            Objects.requireNonNull(broadcast.position(), "position");
        }
    }

    /** A {@link dev.switchboard.cluster.ClusterBus} message for the handler of {@code kind}. */
    record ForNode(String origin, String kind, byte[] body) implements Envelope {
        public ForNode {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
        }
    }
}
