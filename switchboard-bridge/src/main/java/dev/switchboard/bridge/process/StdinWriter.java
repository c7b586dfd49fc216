package dev.switchboard.bridge.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;

/**
 * Writes to a program's stdin from its own thread, so a program that reads slowly (or never)
 * blocks only that thread, never a network event loop. The queue is bounded in bytes: an offer
 * over the capacity is refused, and callers that can pause their source (a WebSocket connection
 * stops reading) watch {@link #saturated()} and resume on the drained callback. The thread is
 * started on the first offer: programs that are never written to cost no thread.
 */
final class StdinWriter implements Runnable {
    private final OutputStream out;
    private final long capacity;
    private final long highWater;
    private final ThreadFactory threads;
    private final String name;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private volatile Runnable onDrained = () -> {};

    /** Guarded by this. */
    private long queued;
    private boolean closeRequested;
    private boolean broken;
    private boolean wasSaturated;
    private Thread thread;

    StdinWriter(OutputStream out, long capacity, long highWater, ThreadFactory threads, String name) {
        this.out = out;
        this.capacity = capacity;
        this.highWater = Math.min(highWater, capacity);
        this.threads = threads;
        this.name = name;
    }

    /** Called on the writing thread when the queue fell below half the high-water mark after being saturated. */
    void onDrained(Runnable callback) {
        this.onDrained = callback;
    }

    /** Queues {@code data}; false when stdin is closed or broken, or the bytes would exceed the capacity. */
    synchronized boolean offer(byte[] data) {
        if (closeRequested || broken || queued + data.length > capacity) {
            return false;
        }
        queue.add(data);
        queued += data.length;
        if (queued >= highWater) {
            wasSaturated = true;
        }
        if (thread == null) {
            thread = threads.newThread(this);
            thread.setName(name);
            thread.start();
        }
        notifyAll();
        return true;
    }

    /** True while the queue holds at least the high-water mark: a pausable source should pause. */
    synchronized boolean saturated() {
        return queued >= highWater;
    }

    /** False once stdin was closed here or by the program (a write failed). */
    synchronized boolean open() {
        return !closeRequested && !broken;
    }

    synchronized long queuedBytes() {
        return queued;
    }

    /**
     * Closes stdin, dropping what is still queued (the reader is gone). The close happens on the
     * writing thread when it is busy, since a write blocked on a full pipe holds the stream; the
     * shutdown signals that follow end such a write.
     */
    void close() {
        boolean closeHere;
        synchronized (this) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            queue.clear();
            queued = 0;
            closeHere = thread == null;
            notifyAll();
        }
        if (closeHere) {
            closeQuietly();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                byte[] next;
                synchronized (this) {
                    while (queue.isEmpty() && !closeRequested) {
                        wait();
                    }
                    if (queue.isEmpty()) {
                        break; // close requested and nothing left
                    }
                    next = queue.poll();
                }
                out.write(next);
                out.flush();
                boolean drained;
                synchronized (this) {
                    queued = Math.max(0, queued - next.length);
                    drained = wasSaturated && queued < highWater / 2;
                    if (drained) {
                        wasSaturated = false;
                    }
                }
                if (drained) {
                    onDrained.run();
                }
            }
        } catch (IOException e) {
            // The program closed its stdin or exited (EPIPE): nothing more can be written.
            synchronized (this) {
                broken = true;
                queue.clear();
                queued = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the pipe is already gone
        }
    }
}
