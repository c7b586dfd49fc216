package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.process.Program;
import java.time.Duration;
import java.util.Objects;

/**
 * One bridged topic pattern: which program serves it, per join or per topic, in which line
 * format, and its limits. {@code serve --bridge 'PATTERN[OPTIONS]=COMMAND'} makes one
 * ({@link BridgeSpecs}); in Java use {@link #perJoin} or {@link #perTopic}.
 *
 * @param pattern           a topic or a prefix ending in {@code *}, as for channels
 * @param program           what to run
 * @param mode              one process per join (default) or per topic
 * @param format            JSON lines (default) or plain text lines
 * @param maxProcesses      processes of this pattern running at once, 0 for no cap of its own
 *                          (default 0: the bridges' global cap still applies); one more join is
 *                          refused with {@code {"reason": "..."}}
 * @param maxLinesPerSecond output lines per process per second (default {@value #DEFAULT_LINES_PER_SECOND}:
 *                          a topic process's lines are multiplied by its subscribers); a faster
 *                          program is slowed down through its pipe, nothing is dropped
 * @param maxLineBytes      longest output line (default 1 MiB); a longer one is refused and counted
 * @param grace             per topic: how long the process outlives its last subscriber (default
 *                          5 s, so a page reload finds the same process and its state)
 */
public record ChannelBridge(String pattern, Program program, BridgeMode mode, LineFormat format, int maxProcesses,
                            int maxLinesPerSecond, int maxLineBytes, Duration grace) {
    public static final int DEFAULT_LINES_PER_SECOND = 1000;
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    public ChannelBridge {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(grace, "grace");
        int star = pattern.indexOf('*');
        if (pattern.isEmpty() || (star >= 0 && star != pattern.length() - 1)) {
            throw new IllegalArgumentException("a topic pattern is a topic or a prefix ending in '*', got '" + pattern + "'");
        }
        if (maxProcesses < 0) {
            throw new IllegalArgumentException("max processes cannot be negative: " + maxProcesses);
        }
        if (maxLinesPerSecond < 1) {
            throw new IllegalArgumentException("the line rate must be at least 1 per second: " + maxLinesPerSecond);
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("the line cap must be at least 1 byte: " + maxLineBytes);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace cannot be negative: " + grace);
        }
    }

    /** One process per join of a topic matching {@code pattern}. */
    public static Builder perJoin(String pattern, Program program) {
        return new Builder(pattern, program, BridgeMode.PER_JOIN);
    }

    /** One process per topic matching {@code pattern}, shared by its subscribers. */
    public static Builder perTopic(String pattern, Program program) {
        return new Builder(pattern, program, BridgeMode.PER_TOPIC);
    }

    public static final class Builder {
        private final String pattern;
        private final Program program;
        private final BridgeMode mode;
        private LineFormat format = LineFormat.JSON;
        private int maxProcesses;
        private int maxLinesPerSecond = DEFAULT_LINES_PER_SECOND;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private Duration grace = DEFAULT_GRACE;

        private Builder(String pattern, Program program, BridgeMode mode) {
            this.pattern = pattern;
            this.program = program;
            this.mode = mode;
        }

        public Builder format(LineFormat format) {
            this.format = format;
            return this;
        }

        public Builder maxProcesses(int max) {
            this.maxProcesses = max;
            return this;
        }

        public Builder maxLinesPerSecond(int lines) {
            this.maxLinesPerSecond = lines;
            return this;
        }

        public Builder maxLineBytes(int bytes) {
            this.maxLineBytes = bytes;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public ChannelBridge build() {
            return new ChannelBridge(pattern, program, mode, format, maxProcesses, maxLinesPerSecond, maxLineBytes, grace);
        }
    }
}
