package dev.switchboard.client;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * One request of a channel that expects a reply (join, push, leave), with its timeout. Lives on
 * the socket's loop. Its outcome (a reply, a timeout, or a failure to encode) is reported exactly
 * once; a cancelled push reports nothing.
 */
final class Push {

    /** Receives the outcome on the loop: a reply, or a failure (the message could not be encoded). */
    interface Outcome {
        void accept(Push push, Reply reply, Throwable failure);
    }

    private final Channel channel;
    private final String event;
    private final Payload payload;
    private final Duration timeout;
    private final Outcome outcome;
    private String ref;
    private ScheduledFuture<?> timer;
    private boolean done;

    Push(Channel channel, String event, Payload payload, Duration timeout, Outcome outcome) {
        this.channel = channel;
        this.event = event;
        this.payload = payload;
        this.timeout = timeout;
        this.outcome = outcome;
    }

    String ref() {
        return ref;
    }

    String topic() {
        return channel.topic();
    }

    boolean done() {
        return done;
    }

    /** Starts the reply timeout (from now, whether or not the push can be sent yet). */
    void startTimeout() {
        timer = channel.engine().schedule(timeout, () -> {
            if (!done) {
                finish(new Reply.Timeout(timeout), null);
            }
        });
    }

    /**
     * Sends under a fresh ref: a join carries its own ref as join_ref, anything else the channel's
     * current join_ref. False when the message could not be encoded (the outcome says why).
     */
    boolean send() {
        if (done) {
            return false;
        }
        SocketEngine socket = channel.engine();
        if (ref != null) {
            socket.forgetReply(ref, this);
        }
        ref = socket.makeRef();
        boolean join = Protocol.JOIN.equals(event);
        String joinRef = join ? ref : channel.joinRef();
        socket.expectReply(ref, this);
        try {
            socket.push(new Message(Ref.of(joinRef), Ref.of(ref), channel.topic(), event, payload), channel);
            return true;
        } catch (RuntimeException e) {
            finish(null, e);
            return false;
        }
    }

    /** The server answered. */
    void replied(dev.switchboard.protocol.Reply reply) {
        finish(Protocol.STATUS_OK.equals(reply.status())
                ? new Reply.Ok(reply.response())
                : new Reply.Error(reply.status(), reply.response()), null);
    }

    /** Drops the push without an outcome (a join attempt that was superseded). */
    void cancel() {
        if (done) {
            return;
        }
        done = true;
        stop();
    }

    /** Ends the push with a failure (the channel closed before it could be sent). */
    void fail(Throwable failure) {
        finish(null, failure);
    }

    private void finish(Reply reply, Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        stop();
        outcome.accept(this, reply, failure);
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (ref != null) {
            channel.engine().forgetReply(ref, this);
        }
    }
}
