package dev.switchboard.server.drain;

import java.time.Duration;

/**
 * How a drain went.
 *
 * @param openAtStart       client connections (WebSocket connections, long-poll sessions) open when it began
 * @param closedInBatches   connections it closed in its batches
 * @param batches           how many batches closed at least one connection
 * @param closedAtDeadline  connections still open at the deadline, closed then all at once
 * @param took              from the start to the end of the drain
 */
public record DrainResult(int openAtStart, int closedInBatches, int batches, int closedAtDeadline, Duration took) {

    /** True when every connection was closed in batches, before the deadline. */
    public boolean beforeDeadline() {
        return closedAtDeadline == 0;
    }
}
