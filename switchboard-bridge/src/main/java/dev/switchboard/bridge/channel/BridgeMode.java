package dev.switchboard.bridge.channel;

/** How programs map to joins. */
public enum BridgeMode {
    /**
     * One process per join: started by the join, with the topic and the join's and socket's
     * params in its environment; it talks to its one client (replies by ref, pushes) and may
     * broadcast to the topic. Leaving stops it; its exit ends the channel.
     */
    PER_JOIN,
    /**
     * One process per topic, shared by every subscriber: started by the first join, stopped a
     * grace period after the last leave; its output is broadcast to the topic (on every node of a
     * cluster, which runs it once).
     */
    PER_TOPIC
}
