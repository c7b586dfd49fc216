package dev.switchboard.testkit;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Transport} that keeps everything in memory for assertions: every frame sent (in
 * order, the very instances handed to {@link #send} and {@link #sendShared}), the first close
 * reason, and the history of {@link #setReading} calls. Thread-safe: channels on worker threads
 * send through it directly.
 *
 * <p>Frames sent after {@link #close} are still recorded (so a test can see that nothing was
 * sent after a close) — a real transport would drop them. A text-only transport (like long-poll)
 * drops binary frames, as the real one does, and counts them in {@link #droppedBinary()}.
 */
public final class InMemoryTransport implements Transport {
    private final Shard shard;
    private final boolean binary;
    private final List<EncodedFrame> frames = new ArrayList<>();
    private final List<EncodedFrame> shared = new ArrayList<>();
    private final List<Boolean> readingCalls = new ArrayList<>();
    private CloseReason closeReason;
    private int closeCalls;
    private int droppedBinary;
    private Runnable onClose;

    /** A transport that carries binary frames, like a WebSocket. */
    public InMemoryTransport(Shard shard) {
        this(shard, true);
    }

    /** {@code supportsBinary=false} behaves like long-poll: text only. */
    public InMemoryTransport(Shard shard, boolean supportsBinary) {
        this.shard = Objects.requireNonNull(shard, "shard");
        this.binary = supportsBinary;
    }

    /**
     * What to do on the first {@link #close}; a real transport reports the closed connection to
     * its session afterwards. {@link TestConnection} queues {@code session.transportClosed()} here.
     */
    public synchronized void onClose(Runnable action) {
        this.onClose = action;
    }

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public synchronized void send(EncodedFrame frame) {
        if (frame.binary() && !binary) {
            droppedBinary++;
            return;
        }
        frames.add(Objects.requireNonNull(frame, "frame"));
        notifyAll();
    }

    /** Recorded like {@link #send}, and also in {@link #sharedFrames()}. */
    @Override
    public synchronized void sendShared(EncodedFrame frame) {
        if (frame.binary() && !binary) {
            droppedBinary++;
            return;
        }
        shared.add(Objects.requireNonNull(frame, "frame"));
        send(frame);
    }

    /** Binary frames a text-only transport dropped. */
    public synchronized int droppedBinary() {
        return droppedBinary;
    }

    @Override
    public void close(CloseReason reason) {
        Runnable action;
        synchronized (this) {
            closeCalls++;
            if (closeReason != null) {
                return;
            }
            closeReason = Objects.requireNonNull(reason, "reason");
            action = onClose;
            notifyAll();
        }
        if (action != null) {
            action.run();
        }
    }

    @Override
    public synchronized void setReading(boolean reading) {
        readingCalls.add(reading);
    }

    @Override
    public boolean supportsBinary() {
        return binary;
    }

    /** Every frame sent so far, in order. */
    public synchronized List<EncodedFrame> frames() {
        return List.copyOf(frames);
    }

    /** The frames that came through {@link #sendShared} (broadcasts), in order; {@link #clear()} keeps them. */
    public synchronized List<EncodedFrame> sharedFrames() {
        return List.copyOf(shared);
    }

    /** The JSON text of every text frame sent so far, in order (binary frames are skipped). */
    public synchronized List<String> texts() {
        List<String> texts = new ArrayList<>(frames.size());
        for (EncodedFrame f : frames) {
            if (!f.binary()) {
                texts.add(f.text());
            }
        }
        return texts;
    }

    /** The texts sent since the last call to {@link #takeTexts()} or {@link #clear()}, then forgets them. */
    public synchronized List<String> takeTexts() {
        List<String> texts = texts();
        frames.clear();
        return texts;
    }

    /** Forgets the frames sent so far (close state and reading history are kept). */
    public synchronized void clear() {
        frames.clear();
    }

    public synchronized int frameCount() {
        return frames.size();
    }

    /** The first close reason, or null while open. */
    public synchronized CloseReason closeReason() {
        return closeReason;
    }

    public synchronized boolean isClosed() {
        return closeReason != null;
    }

    /** How many times {@link #close} was called (only the first one counts). */
    public synchronized int closeCalls() {
        return closeCalls;
    }

    /** Every {@link #setReading} argument, in call order. */
    public synchronized List<Boolean> readingCalls() {
        return List.copyOf(readingCalls);
    }

    /** True unless the last {@link #setReading} call paused reading. */
    public synchronized boolean isReading() {
        return readingCalls.isEmpty() || readingCalls.get(readingCalls.size() - 1);
    }
}
