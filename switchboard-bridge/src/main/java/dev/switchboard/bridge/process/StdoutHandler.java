package dev.switchboard.bridge.process;

/**
 * Receives what a program writes to stdout, on the program's own reading thread. A handler that
 * cannot pass output on yet (its client is slow) may block in {@link #chunk}: the program then
 * fills the pipe and blocks in its own write, so memory stays bounded and nothing is dropped.
 */
public interface StdoutHandler {

    /**
     * The next bytes read, {@code buffer[0..length)}; the buffer is reused after this returns.
     *
     * @throws InterruptedException when the reading thread is interrupted while waiting (the
     *                              program is being stopped); reading ends
     */
    void chunk(byte[] buffer, int length) throws InterruptedException;

    /** Stdout reached its end: the program closed it or exited. Called once, after the last chunk. */
    void end();
}
