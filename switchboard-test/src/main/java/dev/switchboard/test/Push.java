package dev.switchboard.test;

import dev.switchboard.protocol.Protocol;

/**
 * A message a test client sent on a channel, awaiting its reply: what Phoenix's {@code push}
 * returns as a ref and phoenix.js as a {@code Push}. The reply is taken from the client's inbox
 * the first time it is asked for, and kept.
 *
 * <pre>{@code
 * room.push("ping", Map.of("n", 1)).assertOk(Map.of("n", 1));
 * room.push("shout", "{}").assertError(Map.of("reason", "unknown event shout"));
 * }</pre>
 */
public final class Push {
    private final ClientChannel channel;
    private final ClientSocket socket;
    private final Environment env;
    private final String topic;
    private final String event;
    private final String ref;
    private volatile ReceivedFrame reply;

    Push(ClientChannel channel, ClientSocket socket, Environment env, String topic, String event, String ref) {
        this.channel = channel;
        this.socket = socket;
        this.env = env;
        this.topic = topic;
        this.event = event;
        this.ref = ref;
    }

    /** The {@code ref} the message was sent with. */
    public String ref() {
        return ref;
    }

    public String event() {
        return event;
    }

    public ClientChannel channel() {
        return channel;
    }

    /**
     * The reply to this message, waiting for it up to the assert timeout.
     *
     * @throws AssertionError when no reply arrives
     */
    public ReceivedFrame reply() {
        ReceivedFrame r = reply;
        if (r == null) {
            r = socket.awaitTake(topic, f -> f.kind() == ReceivedFrame.Kind.REPLY && ref.equals(f.ref()));
            if (r == null) {
                throw Failures.missing(socket, topic, "a reply to \"" + event + "\" (ref \"" + ref + "\")",
                        f -> f.kind() == ReceivedFrame.Kind.REPLY ? "a reply to ref \"" + f.ref() + "\", not \"" + ref + "\"" : null,
                        env);
            }
            reply = r;
        }
        return r;
    }

    /** Asserts the reply has {@code status}, whatever its response; returns the reply. */
    public ReceivedFrame assertReply(String status) {
        return assertReply(status, PayloadMatch.any());
    }

    /** Asserts the reply has {@code status} and exactly this response (as JSON); returns the reply. As Phoenix's {@code assert_reply}. */
    public ReceivedFrame assertReply(String status, Object response) {
        return assertReply(status, PayloadMatch.of(response));
    }

    /** Asserts the reply has {@code status} and a response matching {@code match}; returns the reply. */
    public ReceivedFrame assertReply(String status, PayloadMatch match) {
        ReceivedFrame r = reply();
        String why = !status.equals(r.status()) ? "its status is \"" + r.status() + "\"" : match.mismatch(r);
        if (why != null) {
            throw new AssertionError(socket.name() + " on " + topic + ": expected the reply to \"" + event + "\" (ref \"" + ref
                    + "\") to be " + status + (match.isAny() ? "" : " " + match) + ", but " + why + ":\n" + Failures.line(r)
                    + Failures.footer(env));
        }
        return r;
    }

    /** Asserts an {@code ok} reply, whatever its response. */
    public ReceivedFrame assertOk() {
        return assertReply(Protocol.STATUS_OK);
    }

    /** Asserts an {@code ok} reply with exactly this response. */
    public ReceivedFrame assertOk(Object response) {
        return assertReply(Protocol.STATUS_OK, response);
    }

    /** Asserts an {@code error} reply, whatever its response. */
    public ReceivedFrame assertError() {
        return assertReply(Protocol.STATUS_ERROR);
    }

    /** Asserts an {@code error} reply with exactly this response, e.g. {@code Map.of("reason", "unauthorized")}. */
    public ReceivedFrame assertError(Object response) {
        return assertReply(Protocol.STATUS_ERROR, response);
    }

    /** Watches for the refute timeout and fails if a reply to this message arrives. As Phoenix's {@code refute_reply}. */
    public void refuteReply() {
        env.settle(env.options.refuteTimeout());
        ReceivedFrame r = reply != null ? reply
                : socket.inbox().peek(topic, f -> f.kind() == ReceivedFrame.Kind.REPLY && ref.equals(f.ref()));
        if (r != null) {
            throw Failures.unexpected(socket, "reply to \"" + event + "\" (ref \"" + ref + "\")", r, env);
        }
    }

    @Override
    public String toString() {
        return event + " (ref " + ref + ") on " + topic;
    }
}
