package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.LineSplitter;
import dev.switchboard.bridge.process.TokenBucket;

/**
 * A bridged program's stdout, line by line, on its reading thread: each line is counted, held to
 * the bridge's rate (waiting, never dropping), understood in the bridge's format and handed to
 * the {@link Target} (a join's client, or a topic). Over-long lines are refused by reason.
 */
final class OutputReader implements LineSplitter.LineSink {

    /** Where understood lines go. */
    interface Target {
        void emit(ProgramOutput output);

        /** A line was refused: count it (done here), and tell whom it concerns. */
        void refused(Refusal reason, String detail);

        /** Stdout ended (the program closed it or exited). */
        void ended();
    }

    private final ChannelBridge bridge;
    private final BridgeMetrics metrics;
    private final TokenBucket rate;
    private final Target target;

    OutputReader(ChannelBridge bridge, BridgeMetrics metrics, Target target) {
        this.bridge = bridge;
        this.metrics = metrics;
        this.rate = new TokenBucket(bridge.maxLinesPerSecond());
        this.target = target;
    }

    /** The stdout handler for a program of this bridge: lines capped at the bridge's length. */
    LineSplitter splitter() {
        return new LineSplitter(bridge.maxLineBytes(), this);
    }

    @Override
    public void line(byte[] line, int length) throws InterruptedException {
        metrics.lineOut();
        if (rate.acquire()) {
            metrics.throttled();
        }
        ProgramOutput output = bridge.format() == LineFormat.LINES
                ? ProgramOutput.line(line, length)
                : ProgramOutput.parse(line, length);
        if (output instanceof ProgramOutput.Invalid invalid) {
            metrics.refused(Refusal.INVALID_OUTPUT);
            target.refused(Refusal.INVALID_OUTPUT, invalid.reason());
        } else {
            target.emit(output);
        }
    }

    @Override
    public void overlong(long length) {
        metrics.refused(Refusal.OUTPUT_LINE_TOO_LONG);
        target.refused(Refusal.OUTPUT_LINE_TOO_LONG, "output line of " + length + " bytes, over the "
                + bridge.maxLineBytes() + "-byte cap");
    }

    @Override
    public void end() {
        target.ended();
    }
}
