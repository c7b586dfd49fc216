package dev.switchboard.test;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.ReplyRef;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.presence.AlreadyTrackedException;
import dev.switchboard.protocol.Payload;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The application the kit's own tests run: one route per behaviour of the session spec, as core's
 * session tests have, so the kit's tests can be compared with them frame for frame.
 *
 * <ul>
 *   <li>connect: accepts {@code user} as an assign and {@code id} as the socket id; refuses
 *       {@code user=mallory} (403) and {@code user=busy} (429)</li>
 *   <li>{@code room:*}: {@code ping} echoes, {@code shout} broadcasts it, {@code shout_from} broadcasts
 *       it to the others, {@code whoami} answers the assigns and socket id, {@code fail} replies
 *       error, {@code silent} does not reply; {@code loop:*} is the same on the event loop</li>
 *   <li>{@code secret:*} refuses the join; {@code boom:*} throws in join</li>
 *   <li>{@code crash:*} throws on {@code boom}; {@code stop:*} stops on {@code stop} (with a reply) and
 *       {@code stop_quietly}</li>
 *   <li>{@code push:*} pushes {@code welcome} during its join</li>
 *   <li>{@code intercept:*} rewrites {@code secret_msg} for each subscriber (drops it when the
 *       payload has {@code drop})</li>
 *   <li>{@code presence:*}: {@code track} tracks {@code payload.key} and pushes the state</li>
 *   <li>{@code async:*} replies to {@code later} from a thread of its own</li>
 * </ul>
 */
final class SpecApp {
    /** What the channels did: "topic join", "topic terminate REASON", "topic handleOut event for user". */
    final List<String> events = new ArrayList<>();

    SocketDefinition socket() {
        return socket(SocketOptions.DEFAULTS);
    }

    SocketDefinition socket(SocketOptions options) {
        return builder(options).build();
    }

    SocketDefinition.Builder builder(SocketOptions options) {
        return SocketDefinition.builder("/socket")
                .connect(req -> {
                    String user = req.param("user");
                    if ("mallory".equals(user)) {
                        return ConnectResult.refuse();
                    }
                    if ("busy".equals(user)) {
                        return ConnectResult.refuse(429);
                    }
                    Map<String, Object> assigns = new LinkedHashMap<>();
                    if (user != null) {
                        assigns.put("user", user);
                    }
                    return ConnectResult.accept(assigns, req.param("id"));
                })
                .channel("room:*", Room::new)
                .channel("loop:*", Room::new, Execution.EVENT_LOOP)
                .channel("secret:*", () -> (topic, params, ctx) -> JoinResult.refuse("unauthorized"))
                .channel("boom:*", () -> (topic, params, ctx) -> {
                    throw new IllegalStateException("join exploded (expected in the log)");
                })
                .channel("crash:*", Crash::new)
                .channel("stop:*", Stop::new)
                .channel("push:*", Welcome::new)
                .channel("intercept:*", Intercept::new)
                .channel("presence:*", Present::new)
                .channel("async:*", Async::new)
                .options(options);
    }

    synchronized List<String> starting(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    private synchronized void log(String event) {
        events.add(event);
    }

    abstract class Logged implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            log(topic + " join");
            return JoinResult.ok();
        }

        @Override
        public void terminate(TerminateReason reason, ChannelContext ctx) {
            log(ctx.topic() + " terminate " + reason);
        }
    }

    final class Room extends Logged {
        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "ping":
                    return HandleResult.ok(payload);
                case "shout":
                    ctx.broadcast("shout", payload);
                    return HandleResult.noReply();
                case "shout_from":
                    ctx.broadcastFrom("shout", payload);
                    return HandleResult.noReply();
                case "whoami":
                    Map<String, Object> me = new TreeMap<>(ctx.assigns());
                    me.put("socket_id", ctx.socketId() == null ? "none" : ctx.socketId());
                    return HandleResult.ok(me);
                case "fail":
                    return HandleResult.error(Map.of("reason", "nope"));
                case "silent":
                    return HandleResult.noReply();
                default:
                    return HandleResult.error(Map.of("reason", "unknown event " + event));
            }
        }
    }

    final class Crash extends Logged {
        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            if (event.equals("boom")) {
                throw new IllegalStateException("handleIn exploded (expected in the log)");
            }
            return HandleResult.ok();
        }
    }

    final class Stop extends Logged {
        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return switch (event) {
                case "stop" -> HandleResult.stop("ok", Map.of("bye", true));
                case "stop_quietly" -> HandleResult.stop();
                default -> HandleResult.ok();
            };
        }
    }

    final class Welcome extends Logged {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            ctx.push("welcome", Map.of("hello", topic));
            return JoinResult.ok(Map.of("joined", true));
        }
    }

    final class Intercept extends Logged {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            ctx.assign("user", params.json().path("user").asText());
            return JoinResult.ok();
        }

        @Override
        public Set<String> intercepts() {
            return Set.of("secret_msg");
        }

        @Override
        public void handleOut(String event, Payload payload, ChannelContext ctx) {
            String user = ctx.assign("user");
            log(ctx.topic() + " handleOut " + event + " for " + user);
            if (payload.json().has("drop")) {
                return;
            }
            Map<String, Object> rewritten = new LinkedHashMap<>();
            rewritten.put("for", user);
            rewritten.put("redacted", true);
            ctx.push(event, rewritten);
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            ctx.broadcast(event, payload);
            return HandleResult.noReply();
        }
    }

    final class Present extends Logged {
        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            if (!event.equals("track")) {
                return HandleResult.error(Map.of("reason", "unknown event " + event));
            }
            try {
                ctx.presence().track(payload.json().path("key").asText(), Map.of("device", "test"));
            } catch (AlreadyTrackedException e) {
                return HandleResult.error(Map.of("reason", e.getMessage()));
            }
            ctx.presence().pushState();
            return HandleResult.ok();
        }
    }

    final class Async extends Logged {
        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            ReplyRef ref = ctx.replyRef();
            Thread replier = new Thread(() -> ctx.reply(ref, "ok", Map.of("late", true)), "async-replier");
            replier.start();
            return HandleResult.noReply();
        }
    }
}
