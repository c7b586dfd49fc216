package dev.switchboard.test;

import dev.switchboard.socket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The messages of failed assertions. A failure says what was expected and shows what did arrive:
 * the frames of that topic not yet asserted (with, for each frame of the right kind, where it
 * differs), the last ones already asserted, and how the connection stands, so the test's output
 * alone explains the failure.
 */
final class Failures {
    /** Frames already asserted shown under a failure. */
    static final int ASSERTED_SHOWN = 10;
    /** Frames not yet asserted shown under a failure. */
    static final int UNASSERTED_SHOWN = 50;

    private Failures() {}

    /**
     * Nothing on {@code topic} matched {@code expected}.
     *
     * @param diagnose for a frame, why it does not match when it is the kind expected; null to skip it
     */
    static AssertionError missing(ClientSocket client, String topic, String expected,
                                  Function<ReceivedFrame, String> diagnose, Environment env) {
        return withFrames(client, topic, "expected " + expected + ", but none arrived within "
                + time(env.options.assertTimeout()) + ".", diagnose, env);
    }

    /** {@code sentence} says what went wrong on {@code topic}; the frames of the topic follow. */
    static AssertionError withFrames(ClientSocket client, String topic, String sentence,
                                     Function<ReceivedFrame, String> diagnose, Environment env) {
        StringBuilder m = new StringBuilder();
        m.append(client.name()).append(" on ").append(topic).append(": ").append(sentence);
        List<ReceivedFrame> waiting = client.inbox().unconsumed(topic, f -> true);
        section(m, "Not yet asserted on " + topic + " (oldest first)", waiting, diagnose, UNASSERTED_SHOWN);
        List<ReceivedFrame> asserted = new ArrayList<>(client.inbox().recent(topic, ASSERTED_SHOWN + waiting.size()));
        asserted.removeIf(f -> waiting.stream().anyMatch(w -> w == f));
        section(m, "Already asserted on " + topic + " (most recent last)", tail(asserted, ASSERTED_SHOWN), f -> null,
                ASSERTED_SHOWN);
        connection(m, client);
        return new AssertionError(m.append(footer(env)).toString());
    }

    /** Nothing on any topic matched. */
    static AssertionError missingAnywhere(ClientSocket client, String expected, Environment env) {
        StringBuilder m = new StringBuilder();
        m.append(client.name()).append(": expected ").append(expected).append(", but none arrived within ")
                .append(time(env.options.assertTimeout())).append('.');
        section(m, "Not yet asserted (oldest first)", client.inbox().unconsumed(), f -> null, UNASSERTED_SHOWN);
        connection(m, client);
        return new AssertionError(m.append(footer(env)).toString());
    }

    /** A frame arrived that a refutation said would not. */
    static AssertionError unexpected(ClientSocket client, String refuted, ReceivedFrame frame, Environment env) {
        return new AssertionError(client.name() + " on " + frame.topic() + ": expected no " + refuted
                + " within " + time(env.options.refuteTimeout()) + ", but one arrived:\n" + line(frame) + footer(env));
    }

    /** No broadcast on an observed topic matched. */
    static AssertionError missingBroadcast(String topic, String expected, List<ReceivedFrame> waiting,
                                           Function<ReceivedFrame, String> diagnose, Environment env) {
        StringBuilder m = new StringBuilder();
        m.append(topic).append(": expected a broadcast ").append(expected).append(", but none was published within ")
                .append(time(env.options.assertTimeout())).append('.');
        section(m, "Broadcasts on " + topic + " not yet asserted (oldest first)", waiting, diagnose, UNASSERTED_SHOWN);
        return new AssertionError(m.append(footer(env)).toString());
    }

    /** A broadcast was published that a refutation said would not be. */
    static AssertionError unexpectedBroadcast(String topic, String refuted, ReceivedFrame frame, Environment env) {
        return new AssertionError(topic + ": expected no broadcast " + refuted + " within " + time(env.options.refuteTimeout())
                + ", but one was published:\n" + line(frame) + footer(env));
    }

    /** The last line of every failure: the virtual time, and where the whole conversation is. */
    static String footer(Environment env) {
        return "\n(virtual clock at " + time(env.elapsed()) + "; ChannelTester.transcript() has every frame)";
    }

    /** {@code 0.105 s}: virtual durations, to the microsecond when they are that short. */
    static String time(Duration d) {
        long nanos = d.toNanos();
        if (nanos != 0 && Math.abs(nanos) < 1_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    static String line(ReceivedFrame f) {
        return String.format(Locale.ROOT, "  %9s  %s%s", time(f.at()), f.wire(),
                f.connection() > 1 ? "   (connection " + f.connection() + ")" : "");
    }

    private static void section(StringBuilder m, String title, List<ReceivedFrame> frames,
                                Function<ReceivedFrame, String> diagnose, int limit) {
        m.append('\n').append(title).append(':');
        if (frames.isEmpty()) {
            m.append(" none");
            return;
        }
        int shown = 0;
        for (ReceivedFrame f : frames) {
            if (shown++ == limit) {
                m.append("\n  … and ").append(frames.size() - limit).append(" more");
                break;
            }
            m.append('\n').append(line(f));
            String why = diagnose.apply(f);
            if (why != null) {
                m.append("\n             ↳ ").append(why);
            }
        }
    }

    private static void connection(StringBuilder m, ClientSocket client) {
        CloseReason closed = client.serverClose();
        if (closed != null) {
            m.append("\nThe server closed the connection: ").append(closed.code()).append(" \"").append(closed.reason()).append('"');
        } else if (!client.isConnected()) {
            m.append("\nThe client is not connected.");
        }
    }

    private static <T> List<T> tail(List<T> list, int n) {
        return list.size() <= n ? list : list.subList(list.size() - n, list.size());
    }
}
