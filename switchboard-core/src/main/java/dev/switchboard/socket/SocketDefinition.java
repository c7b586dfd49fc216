package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.Router;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRules;
import dev.switchboard.security.SessionReader;
import java.util.ArrayList;
import java.util.List;
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
 *
 * @param session reads the app's session cookie for {@link ConnectInfo#session()} (CSRF-checked);
 *                null (the default) when the socket reads no cookies at all
 * @param history which topics keep history for clients that reconnect (RECOVERY.md); none by
 *                default. A server adds them to its endpoint's PubSub when it starts, since a
 *                topic's history is shared by everything that broadcasts to it
 */
public record SocketDefinition(String path, SocketHandler handler, Execution connectExecution, Router router,
                               SocketOptions options, SessionReader session, List<HistoryRules.Rule> history) {

    public SocketDefinition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(connectExecution, "connectExecution");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(options, "options");
        history = List.copyOf(history);
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
        private SessionReader session;
        private final List<HistoryRules.Rule> history = new ArrayList<>();

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

        /**
         * Reads the app's session cookie on connect, as Phoenix's {@code connect_info: [:session]}:
         * the session reaches {@link ConnectInfo#session()} only when the client also sends the
         * session's CSRF token as the {@code _csrf_token} connect param (default: no session, and
         * cookies are never read).
         */
        public Builder session(SessionReader reader) {
            this.session = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Keeps history on the topics matching {@code pattern} ({@code "room:*"}): the last
         * {@code options.size()} broadcasts, for at least {@code options.ttl()}. Clients that join
         * with the {@code recover} param get positions, and what they missed when they come back
         * (RECOVERY.md). Off by default: topics without a rule behave exactly as in Phoenix.
         */
        public Builder history(String pattern, HistoryOptions options) {
            history.add(new HistoryRules.Rule(dev.switchboard.channel.TopicPattern.of(pattern), options));
            return this;
        }

        public SocketDefinition build() {
            return new SocketDefinition(path, handler, connectExecution, router.build(), options, session, history);
        }
    }
}
