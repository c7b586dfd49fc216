package dev.switchboard.server.security;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.security.InvalidTokenException;
import dev.switchboard.security.SessionReader;
import dev.switchboard.security.TokenRefresh;
import dev.switchboard.security.Tokens;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The app these tests run: a socket reading the signed {@code _app_key} session cookie, accepting
 * an optional signed {@code authToken}, and a {@code whoami:*} channel that replies with what the
 * app was given.
 */
final class AuthApp implements AutoCloseable {
    static final Tokens TOKENS = Tokens.withSecret("server-test-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
    static final Duration TOKEN_AGE = Duration.ofMinutes(15);
    static final TokenRefresh<Claims> CREDENTIALS = new TokenRefresh<>(TOKENS, "user socket", TOKEN_AGE, Claims.class);

    record Claims(String user) {}

    /** Every connect's info, for assertions on what the app saw. */
    final BlockingQueue<ConnectInfo> connects = new LinkedBlockingQueue<>();
    final SwitchboardServer server;

    AuthApp() {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .session(SessionReader.signedCookie("_app_key", TOKENS, "session", Duration.ofDays(14)))
                .connect(req -> {
                    connects.add(req.info());
                    Map<String, Object> assigns = new HashMap<>();
                    if (req.info().session() != null) {
                        assigns.put("session", req.info().session());
                    }
                    if (req.info().authToken() != null) {
                        try {
                            assigns.put(CREDENTIALS.assignKey(), CREDENTIALS.verify(req.info().authToken()));
                        } catch (InvalidTokenException e) {
                            return ConnectResult.refuse();
                        }
                    }
                    return ConnectResult.accept(assigns);
                })
                .channel("whoami:*", WhoAmI::new)
                .build();
        server = SwitchboardServer.builder().port(0).socket(socket).build().start();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Replies to {@code whoami} with the session and user; {@code refresh_token} refreshes credentials. */
    static final class WhoAmI implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            if (event.equals("refresh_token")) {
                return CREDENTIALS.handle(payload, ctx);
            }
            Map<String, Object> me = new HashMap<>();
            me.put("session", ctx.assign("session"));
            Claims claims = CREDENTIALS.current(ctx);
            me.put("user", claims == null ? null : claims.user());
            return HandleResult.ok(me);
        }
    }
}
