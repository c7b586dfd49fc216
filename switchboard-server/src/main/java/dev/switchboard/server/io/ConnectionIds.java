package dev.switchboard.server.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers the client connections of this process, so one can be named (by the admin API) among
 * several that share a socket id or an address. Numbers are never reused while the process runs.
 */
public final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {}

    public static long next() {
        return NEXT.incrementAndGet();
    }
}
