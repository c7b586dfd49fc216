package dev.switchboard.client;

import dev.switchboard.client.recovery.Recovery;
import dev.switchboard.protocol.Payload;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a join, push or leave: the server answered {@link Ok ok}, answered with another
 * status ({@link Error}), or did not answer in time ({@link Timeout}). Futures complete normally
 * with a {@code Reply} in all three cases; {@link #orThrow()} turns the last two into an exception
 * for code that prefers one.
 */
public sealed interface Reply permits Reply.Ok, Reply.Error, Reply.Timeout {

    /** {@code "ok"}, the server's status ({@code "error"} or an application-defined one), or {@code "timeout"}. */
    String status();

    /** The response: JSON or bytes; the empty object for a timeout. */
    Payload response();

    /** True for {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The response of an {@link Ok}; otherwise throws {@link ReplyException} carrying this reply. */
    default Payload orThrow() {
        if (this instanceof Ok ok) {
            return ok.response();
        }
        throw new ReplyException(this);
    }

    /**
     * Status {@code ok}.
     *
     * @param response the application's response
     * @param recovery for a join with {@code recover(true)}: what the server said about recovery;
     *                 empty for other replies, and for servers that do not support recovery
     */
    record Ok(Payload response, Optional<Recovery> recovery) implements Reply {
        public Ok {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(recovery, "recovery");
        }

        public Ok(Payload response) {
            this(response, Optional.empty());
        }

        @Override
        public String status() {
            return "ok";
        }
    }

    /** Any status other than {@code ok}: {@code error} or one the application defines. */
    record Error(String status, Payload response) implements Reply {
        public Error {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(response, "response");
        }
    }

    /** No reply within {@code after}. */
    record Timeout(Duration after) implements Reply {
        @Override
        public String status() {
            return "timeout";
        }

        @Override
        public Payload response() {
            return Payload.empty();
        }
    }
}
