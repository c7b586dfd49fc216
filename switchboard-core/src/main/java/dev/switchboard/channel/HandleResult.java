package dev.switchboard.channel;

import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;

/** The outcome of {@link Channel#handleIn}. */
public sealed interface HandleResult {

    /** No reply now (maybe later through {@link ChannelContext#replyRef()}). */
    static HandleResult noReply() {
        return NoReply.INSTANCE;
    }

    /** Reply with {@code status} and {@code response} (a map, record, JSON node or {@link Payload}, binary included). */
    static HandleResult reply(String status, Object response) {
        return new Reply(status, toPayload(response));
    }

    /** Reply {@code ok} with {@code response}. */
    static HandleResult ok(Object response) {
        return reply(Protocol.STATUS_OK, response);
    }

    /** Reply {@code ok} with {@code {}}. */
    static HandleResult ok() {
        return reply(Protocol.STATUS_OK, Payload.empty());
    }

    /** Reply {@code error} with {@code response}. */
    static HandleResult error(Object response) {
        return reply(Protocol.STATUS_ERROR, response);
    }

    /** Stop the channel normally: the client gets {@code phx_close} and does not rejoin. */
    static HandleResult stop() {
        return new Stop(null);
    }

    /** Send {@code reply} first, then stop the channel normally. */
    static HandleResult stop(Reply reply) {
        return new Stop(reply);
    }

    /** Reply with {@code status} and {@code response}, then stop the channel normally. */
    static HandleResult stop(String status, Object response) {
        return new Stop(new Reply(status, toPayload(response)));
    }

    final class NoReply implements HandleResult {
        static final NoReply INSTANCE = new NoReply();

        private NoReply() {}
    }

    record Reply(String status, Payload response) implements HandleResult {}

    record Stop(Reply reply) implements HandleResult {}

    private static Payload toPayload(Object value) {
        return value instanceof Payload p ? p : Payload.json(value);
    }
}
