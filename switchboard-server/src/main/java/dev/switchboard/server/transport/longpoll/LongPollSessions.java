package dev.switchboard.server.transport.longpoll;

import dev.switchboard.server.io.EventLoopShard;

/**
 * Finds the session a long-poll token names. This is the seam for clustering: a poll may land on
 * any node, and a node that gets {@link Location.Remote} will forward the request to the owner
 * (over the cluster bus, see {@link LongPollForwarder}) instead of treating the session as gone.
 */
public interface LongPollSessions {

    /**
     * Where the session named by {@code token} lives, checked against the mount path the request
     * came in on. Verifies the token's signature and age; does not look at any session state, so
     * it is safe on any thread.
     */
    Location locate(String token, String mountPath);

    /** The answer of {@link #locate}. */
    sealed interface Location {
    }

    /**
     * Owned by this node: the session, if it still exists, is in the given shard's table under
     * {@code sessionId}; only that shard's event loop may look.
     */
    record Local(EventLoopShard shard, long sessionId) implements Location {
    }

    /** A valid token for this mount whose session is owned by another node. */
    record Remote(SessionToken token) implements Location {
    }

    /** No session: a bad signature, expired, issued for another mount, malformed. */
    record Unknown(String reason) implements Location {
    }
}
