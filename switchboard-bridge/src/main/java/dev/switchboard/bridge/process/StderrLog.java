package dev.switchboard.bridge.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a program's stderr to the server's log, one WARN line per stderr line, prefixed with the
 * program's label, on its own thread (logger {@code dev.switchboard.bridge.stderr}).
 */
final class StderrLog implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.stderr");
    /** Longer stderr lines are summarized: a log line is for reading. */
    private static final int MAX_LINE = 8 * 1024;

    private final InputStream err;
    private final String label;

    StderrLog(InputStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void run() {
        LineSplitter lines = new LineSplitter(MAX_LINE, new LineSplitter.LineSink() {
            @Override
            public void line(byte[] line, int length) {
                log.warn("{}: {}", label, new String(line, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void overlong(long length) {
                log.warn("{}: [a stderr line of {} bytes, longer than {}, not shown]", label, length, MAX_LINE);
            }

            @Override
            public void end() {}
        });
        byte[] buffer = new byte[4096];
        try (InputStream in = err) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                lines.chunk(buffer, n);
            }
        } catch (IOException e) {
            // the program is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lines.end();
        }
    }
}
