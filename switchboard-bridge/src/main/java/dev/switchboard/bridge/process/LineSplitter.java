package dev.switchboard.bridge.process;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines: {@code \n} ends a line and is removed, as is a {@code \r} before
 * it (programs on a terminal, or written for Windows, end lines with {@code \r\n}). A line longer
 * than the cap is refused, not cut: its bytes are skipped up to the next newline and the sink is
 * told how long it was, so the caller can make the refusal visible. Not thread-safe: one reading
 * thread feeds it.
 */
public final class LineSplitter implements StdoutHandler {

    /** Where complete lines go. */
    public interface LineSink {
        /** One line without its end, {@code line[0..length)}; the array is reused after this returns. */
        void line(byte[] line, int length) throws InterruptedException;

        /** A line of {@code length} bytes (at least) over the cap was skipped. */
        void overlong(long length) throws InterruptedException;

        /** The stream ended; an unterminated last line has already been delivered. */
        void end();
    }

    private final int maxLineBytes;
    private final LineSink sink;
    private byte[] line = new byte[256];
    private int length;
    /** Bytes of an over-long line skipped so far, or -1 when not skipping. */
    private long skipping = -1;

    /**
     * @param maxLineBytes longest line accepted, without its end
     */
    public LineSplitter(int maxLineBytes, LineSink sink) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    @Override
    public void chunk(byte[] buffer, int count) throws InterruptedException {
        int start = 0;
        for (int i = 0; i < count; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                finishLine();
                start = i + 1;
            }
        }
        append(buffer, start, count - start);
    }

    @Override
    public void end() {
        try {
            if (skipping >= 0 || length > 0) {
                finishLine();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.end();
        }
    }

    private void append(byte[] buffer, int from, int count) {
        if (count == 0) {
            return;
        }
        if (skipping >= 0) {
            skipping += count;
            return;
        }
        if (length + count > maxLineBytes + 1) {
            // +1: a trailing \r of a line exactly at the cap is not part of the line
            skipping = length + count;
            length = 0;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, length + count), maxLineBytes + 1));
        }
        System.arraycopy(buffer, from, line, length, count);
        length += count;
    }

    private void finishLine() throws InterruptedException {
        if (skipping >= 0) {
            long skipped = skipping;
            skipping = -1;
            sink.overlong(skipped);
            return;
        }
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        length = 0;
        if (end > maxLineBytes) {
            sink.overlong(end);
            return;
        }
        sink.line(line, end);
        if (line.length > 64 * 1024) {
            line = new byte[256]; // one huge line must not pin its buffer for the program's lifetime
        }
    }
}
