package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.Router;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A socket mounted at a path: who may connect, which channels serve which topics, and limits.
 *
 * <pre>{@code
 * SocketDefinition socket = SocketDefinition.builder("/socket")
 *         .connect(req -> ConnectResult.accept(Map.of("user", req.param("user"))))
 *         .channel("room:*", RoomChannel::new)
 *         .build();
 * }</pre>
 */
public record SocketDefinition(String path, SocketHandler handler, Execution connectExecution, Router router,
                               SocketOptions options) {

    public SocketDefinition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(connectExecution, "connectExecution");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(options, "options");
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("socket path must start with '/' and not end with '/': " + path);
        }
    }

    public static Builder builder(String path) {
        return new Builder(path);
    }

    public static final class Builder {
        private final String path;
        private SocketHandler handler = SocketHandler.acceptAll();
        // Accepting everyone cannot block, so the default handler runs on the event loop.
        private Execution connectExecution = Execution.EVENT_LOOP;
        private final Router.Builder router = Router.builder();
        private SocketOptions options = SocketOptions.DEFAULTS;

        private Builder(String path) {
            this.path = path;
        }

        /** Who may connect (default: everyone). The handler runs on a worker and may block. */
        public Builder connect(SocketHandler handler) {
            return connect(handler, Execution.WORKER);
        }

        /**
         * Who may connect, and where the handler runs: {@link Execution#EVENT_LOOP} saves a thread
         * hop per connection for handlers that never block (e.g. verifying a signed token).
         */
        public Builder connect(SocketHandler handler, Execution execution) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.connectExecution = Objects.requireNonNull(execution, "execution");
            return this;
        }

        /** Routes a topic pattern to a channel whose callbacks may block. */
        public Builder channel(String pattern, Supplier<? extends Channel> factory) {
            router.channel(pattern, factory);
            return this;
        }

        /** Routes a topic pattern to a channel, choosing where its callbacks run. */
        public Builder channel(String pattern, Supplier<? extends Channel> factory, Execution execution) {
            router.channel(pattern, factory, execution);
            return this;
        }

        public Builder options(SocketOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public SocketDefinition build() {
            return new SocketDefinition(path, handler, connectExecution, router.build(), options);
        }
    }
}
