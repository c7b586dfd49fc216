package dev.switchboard.server.transport.longpoll;

import dev.switchboard.cluster.NodeIds;
import dev.switchboard.security.InvalidTokenException;
import dev.switchboard.security.MessageSigner;
import dev.switchboard.security.SignedToken;
import dev.switchboard.server.io.EventLoopShard;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The long-poll sessions of this node: one table per event loop, touched only by that loop (no
 * locks, no shared map), and the token signer that names them.
 *
 * <p>Session ids are random 64-bit numbers rather than a counter, so a token of an earlier run of
 * the process (same node id and secret configured) cannot name a session of this run.
 */
public final class LocalLongPollSessions implements LongPollSessions {
    /** Signer purpose: session tokens never verify as any other kind of token, and vice versa. */
    static final String PURPOSE = "switchboard.longpoll.session";

    private final String nodeId;
    private final MessageSigner signer;
    private final EventLoopShard[] shards;
    /** Indexed by shard id; each map is confined to its shard's event loop. */
    private final HashMap<Long, LongPollSession>[] tables;
    private final SecureRandom random = new SecureRandom();

    @SuppressWarnings("unchecked")
    public LocalLongPollSessions(String nodeId, MessageSigner signer, Collection<EventLoopShard> shards) {
        NodeIds.require(nodeId);
        this.nodeId = nodeId;
        this.signer = Objects.requireNonNull(signer, "signer");
        int max = 0;
        for (EventLoopShard shard : shards) {
            max = Math.max(max, shard.id() + 1);
        }
        this.shards = new EventLoopShard[max];
        this.tables = new HashMap[max];
        for (EventLoopShard shard : shards) {
            this.shards[shard.id()] = shard;
            this.tables[shard.id()] = new HashMap<>();
        }
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public Location locate(String token, String mountPath) {
        SignedToken verified;
        try {
            verified = signer.verify(token);
        } catch (InvalidTokenException e) {
            return new Unknown("token refused (" + e.reason() + "): " + e.getMessage());
        }
        SessionToken decoded;
        try {
            decoded = SessionToken.decode(verified.payload());
        } catch (IllegalArgumentException e) {
            return new Unknown("signed token with an unreadable payload: " + e.getMessage());
        }
        if (!decoded.mountPath().equals(mountPath)) {
            return new Unknown("token issued for " + decoded.mountPath() + ", used on " + mountPath);
        }
        if (!decoded.nodeId().equals(nodeId)) {
            return new Remote(decoded);
        }
        int shard = decoded.shardId();
        if (shard >= shards.length || shards[shard] == null) {
            return new Unknown("token names event loop " + shard + ", which this node does not have");
        }
        return new Local(shards[shard], decoded.sessionId());
    }

    /** Runs {@code action} on the owning event loop with the session, or with null when it is gone. */
    public void withSession(Local location, Consumer<LongPollSession> action) {
        EventLoopShard shard = location.shard();
        shard.run(() -> action.accept(tables[shard.id()].get(location.sessionId())));
    }

    /** An id not in use on this shard. Call on the shard. */
    long newSessionId(EventLoopShard shard) {
        HashMap<Long, LongPollSession> table = tables[shard.id()];
        long id;
        do {
            id = random.nextLong();
        } while (table.containsKey(id));
        return id;
    }

    /** The signed token clients use to reach session {@code id}. */
    String tokenFor(EventLoopShard shard, long id, String mountPath) {
        return signer.sign(new SessionToken(nodeId, mountPath, shard.id(), id).encode());
    }

    /** Call on the shard. */
    void add(EventLoopShard shard, long id, LongPollSession session) {
        tables[shard.id()].put(id, session);
    }

    /** Removes the entry if it still maps to {@code session}. Call on the shard. */
    void remove(EventLoopShard shard, long id, LongPollSession session) {
        tables[shard.id()].remove(id, session);
    }

    /** Sessions on one shard. Call on the shard. */
    int size(EventLoopShard shard) {
        return tables[shard.id()].size();
    }
}
