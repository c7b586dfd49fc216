package dev.switchboard.socket;

import dev.switchboard.protocol.Message;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The order in which one connection's messages are handled. Joins are head-of-line: while a join
 * is in flight ({@link #hold()} until {@link #release()}), later messages wait here, exactly as a
 * Phoenix socket handles joins synchronously. Handling never nests: a message that arrives while
 * another is being handled (a channel answering inline) waits its turn. Confined to the
 * connection's shard.
 */
final class InboundQueue {
    private final Consumer<Message> handler;
    /** Messages waiting their turn; created on first need (most connections never queue). */
    private ArrayDeque<Message> waiting;
    private boolean held;
    private boolean handling;
    private boolean closed;

    InboundQueue(Consumer<Message> handler) {
        this.handler = handler;
    }

    /** Handles the message now, or queues it behind a join in flight or messages already waiting. */
    void offer(Message message) {
        if (closed) {
            return;
        }
        if (held || handling || (waiting != null && !waiting.isEmpty())) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            waiting.add(message);
            drain();
            return;
        }
        handling = true;
        try {
            handler.accept(message);
        } finally {
            handling = false;
        }
        drain();
    }

    /** A join is in flight: messages wait until {@link #release()}. */
    void hold() {
        held = true;
    }

    /** True while a join is in flight. */
    boolean isHeld() {
        return held;
    }

    /** The join is done: handles what waited, in order, until the next join holds the queue again. */
    void release() {
        held = false;
        drain();
    }

    /** The connection is gone: drops what waits and everything offered later. */
    void close() {
        closed = true;
        waiting = null;
    }

    private void drain() {
        if (handling) {
            return;
        }
        handling = true;
        try {
            Message next;
            while (!held && !closed && waiting != null && (next = waiting.poll()) != null) {
                handler.accept(next);
            }
        } finally {
            handling = false;
        }
    }
}
