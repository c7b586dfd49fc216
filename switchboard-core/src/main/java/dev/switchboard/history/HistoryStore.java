package dev.switchboard.history;

import dev.switchboard.protocol.Position;
import java.util.concurrent.CompletionStage;

/**
 * Where a PubSub keeps topic histories: in this process ({@link MemoryHistory}) or shared by a
 * cluster (the Redis engine). Positions are assigned by the PubSub engine as it publishes; this
 * is the reading side, for recovering joins and {@code GET /api/history}.
 */
public interface HistoryStore {

    /** Which topics keep history; sockets add their rules here. */
    HistoryRules rules();

    /**
     * The messages of {@code topic} after {@code since} (the first {@code limit} of them, oldest
     * first), and the position of its latest message. With {@code since} null: the last
     * {@code limit} messages (0: just the latest position, for a client starting fresh). A topic
     * without history answers {@link RecoveryFailure#NO_HISTORY}; a topic that never had a
     * message answers {@code 0@epoch}, and that epoch is the one its first message gets.
     * Completes exceptionally only when the store cannot be reached (a cluster store whose server
     * is down).
     */
    CompletionStage<HistoryRead> read(String topic, Position since, int limit);
}
