package dev.switchboard.bridge.channel;

import dev.switchboard.protocol.Payload;

/**
 * One line a program wrote, understood. In {@link LineFormat#JSON} a line is one JSON object:
 *
 * <ul>
 *   <li>{@code {"reply": REF, "status": "ok", "response": {...}}} — {@link Reply} to the client
 *       message with that ref ({@code status} defaults to {@code ok}, {@code response} to {@code {}});</li>
 *   <li>{@code {"push": EVENT, "payload": {...}}} — {@link Push} to this client;</li>
 *   <li>{@code {"broadcast": EVENT, "payload": {...}}} — {@link Broadcast} to the topic;</li>
 *   <li>any other object — {@link Data}: event {@code data}, the object as its payload.</li>
 * </ul>
 * An object is an envelope only when it has exactly those keys (so data that happens to have a
 * {@code "push"} field among others stays data). Anything else is {@link Invalid}, with the reason.
 * The publisher ({@code switchboard publish}) reads the same lines a per-topic program writes.
 */
public sealed interface ProgramOutput {
    /** The event of {@link Data} from a JSON line. */
    String DATA_EVENT = "data";
    /** The event of a {@link LineFormat#LINES} line. */
    String LINE_EVENT = "line";

    /** Answer the client message {@code ref}. */
    record Reply(String ref, String status, Payload response) implements ProgramOutput {}

    /** Send {@code event} to this client only. */
    record Push(String event, Payload payload) implements ProgramOutput {}

    /** Send {@code event} to every subscriber of the topic. */
    record Broadcast(String event, Payload payload) implements ProgramOutput {}

    /** Plain data: to this client (per join) or the topic (per topic). */
    record Data(String event, Payload payload) implements ProgramOutput {}

    /** A line that is none of the above, and why. */
    record Invalid(String reason) implements ProgramOutput {}

    /** A {@link LineFormat#JSON} line; see the class description. */
    static ProgramOutput parse(byte[] bytes, int length) {
        return OutputLines.parse(bytes, length);
    }

    /** A {@link LineFormat#LINES} line: event {@code line}, payload {@code {"line": TEXT}}. */
    static ProgramOutput line(byte[] bytes, int length) {
        return OutputLines.line(bytes, length);
    }
}
