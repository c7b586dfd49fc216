package dev.switchboard.server.io;

/**
 * How old a connection's oldest unsent message is, without a timestamp per message: the
 * connection counts every byte it queues, and after each flush that left bytes unsent it notes
 * <em>checkpoints</em> (time, bytes queued so far). Bytes the socket has taken are the bytes
 * queued minus those still pending, so the oldest unsent byte belongs to the first checkpoint
 * whose count exceeds them, and that checkpoint's time is (at most {@link #BUCKET_NANOS} before)
 * when it was queued.
 *
 * <p>A connection that keeps up leaves nothing unsent after its flushes and never notes a
 * checkpoint: the cost on the hot path is one addition per write and one comparison per flush.
 * A stuck one notes at most one checkpoint per {@link #BUCKET_NANOS}, until the age bound closes
 * it. The checkpoint arrays are created with the first checkpoint: an idle or healthy connection
 * never holds them (they were 190 of the 2,600 heap bytes of an idle joined connection).
 * Loop-confined.
 */
public final class UnsentAge {
    /** Checkpoints closer together than this are merged: the age is known to within this. */
    static final long BUCKET_NANOS = 100_000_000L;

    private static final long[] NONE = new long[0];
    private static final int FIRST_CAPACITY = 8;

    private long queued;
    private long[] times = NONE;
    private long[] marks = NONE;
    private int head;
    private int size;

    /** {@code bytes} were queued for the client. */
    public void queued(long bytes) {
        queued += bytes;
    }

    /**
     * After a flush: {@code pending} bytes are still unsent at {@code now}. Nothing pending forgets
     * every checkpoint; otherwise what was queued up to now is dated now (or merged into the latest
     * checkpoint when that one is recent).
     */
    public void flushed(long pending, long now) {
        if (pending <= 0) {
            size = 0;
            head = 0;
            return;
        }
        if (size > 0) {
            int last = (head + size - 1) % times.length;
            if (now - times[last] < BUCKET_NANOS) {
                marks[last] = queued;
                return;
            }
        }
        if (size == times.length) {
            grow();
        }
        int slot = (head + size) % times.length;
        times[slot] = now;
        marks[slot] = queued;
        size++;
    }

    /**
     * The age at {@code now} of the oldest unsent message when {@code pending} bytes are still
     * unsent, in nanoseconds; 0 when all is sent.
     */
    public long oldestNanos(long pending, long now) {
        long sent = queued - Math.max(0, pending);
        while (size > 0 && marks[head] <= sent) {
            head = (head + 1) % times.length;
            size--;
        }
        if (pending <= 0 || size == 0) {
            size = 0;
            head = 0;
            return 0;
        }
        return now - times[head];
    }

    private void grow() {
        int capacity = Math.max(FIRST_CAPACITY, times.length * 2);
        long[] t = new long[capacity];
        long[] m = new long[capacity];
        for (int i = 0; i < size; i++) {
            t[i] = times[(head + i) % times.length];
            m[i] = marks[(head + i) % times.length];
        }
        times = t;
        marks = m;
        head = 0;
    }
}
