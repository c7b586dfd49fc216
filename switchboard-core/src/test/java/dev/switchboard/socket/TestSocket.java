package dev.switchboard.socket;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.ReplyRef;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The socket every session test talks to. One route per behaviour the spec describes:
 * <ul>
 *   <li>{@code room:*} joins; {@code ping} echoes its payload, {@code shout}/{@code shout_from}
 *       broadcast it, {@code assign}/{@code assigns}/{@code whoami} expose assigns and socket id,
 *       {@code fail} replies error, {@code custom} replies with status {@code custom},
 *       {@code silent} does not reply</li>
 *   <li>{@code loop:*} is the same channel on the event loop</li>
 *   <li>{@code secret:*} refuses with {@code {"reason":"unauthorized"}}; {@code boom:*} throws in join</li>
 *   <li>{@code crash:*} throws on {@code boom} ({@code crashloop:*}: the same on the event loop);
 *       {@code stop:*} stops on {@code stop} (with a reply) and {@code stop_quietly} (without)</li>
 *   <li>{@code async:*} replies to {@code later} from another thread</li>
 *   <li>{@code push:*} pushes {@code welcome} during join</li>
 *   <li>{@code intercept:*} intercepts {@code secret_msg}, rewriting it per subscriber (or dropping it
 *       when the payload has {@code drop})</li>
 * </ul>
 * Every channel logs its join, handled events and terminate reason to a {@link ChannelEvents}.
 */
final class TestSocket {
    private TestSocket() {}

    static SocketDefinition definition(ChannelEvents events) {
        return definition(events, SocketOptions.DEFAULTS);
    }

    static SocketDefinition definition(ChannelEvents events, SocketOptions options) {
        return SocketDefinition.builder("/socket")
                .channel("room:*", () -> new RoomChannel(events))
                .channel("loop:*", () -> new RoomChannel(events), Execution.EVENT_LOOP)
                .channel("secret:*", () -> (topic, params, ctx) -> JoinResult.error(Map.of("reason", "unauthorized")))
                .channel("boom:*", () -> (topic, params, ctx) -> {
                    throw new IllegalStateException("join exploded");
                })
                .channel("crash:*", () -> new CrashChannel(events))
                .channel("crashloop:*", () -> new CrashChannel(events), Execution.EVENT_LOOP)
                .channel("stop:*", () -> new StopChannel(events))
                .channel("async:*", () -> new AsyncChannel(events))
                .channel("push:*", () -> new PushChannel(events))
                .channel("intercept:*", () -> new InterceptChannel(events))
                .options(options)
                .build();
    }

    /** Logs join, every handled event and terminate. */
    abstract static class LoggingChannel implements Channel {
        final ChannelEvents events;

        LoggingChannel(ChannelEvents events) {
            this.events = events;
        }

        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            events.add(topic + " join");
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            events.add(ctx.topic() + " handleIn " + event);
            return handle(event, payload, ctx);
        }

        abstract HandleResult handle(String event, Payload payload, ChannelContext ctx);

        @Override
        public void terminate(TerminateReason reason, ChannelContext ctx) {
            events.add(ctx.topic() + " terminate " + reason);
        }
    }

    static final class RoomChannel extends LoggingChannel {
        RoomChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "ping":
                    return HandleResult.ok(payload);
                case "shout":
                    ctx.broadcast("shout", payload);
                    return HandleResult.noReply();
                case "shout_from":
                    ctx.broadcastFrom("shout", payload);
                    return HandleResult.noReply();
                case "assign":
                    ((JsonPayload) payload).object().properties()
                            .forEach(e -> ctx.assign(e.getKey(), e.getValue().asText()));
                    return HandleResult.ok();
                case "assigns":
                    return HandleResult.ok(new TreeMap<>(ctx.assigns()));
                case "whoami":
                    Map<String, Object> me = new LinkedHashMap<>();
                    me.put("socket_id", ctx.socketId());
                    return HandleResult.ok(me);
                case "fail":
                    return HandleResult.error(Map.of("reason", "nope"));
                case "custom":
                    return HandleResult.reply("custom", Map.of("n", 1));
                default:
                    return HandleResult.noReply();
            }
        }
    }

    static final class CrashChannel extends LoggingChannel {
        CrashChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            if (event.equals("boom")) {
                throw new IllegalStateException("handleIn exploded");
            }
            return HandleResult.ok();
        }
    }

    static final class StopChannel extends LoggingChannel {
        StopChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            switch (event) {
                case "stop":
                    return HandleResult.stop(new HandleResult.Reply("ok", Payload.json(Map.of("bye", true))));
                case "stop_quietly":
                    return HandleResult.stop();
                default:
                    return HandleResult.ok();
            }
        }
    }

    static final class AsyncChannel extends LoggingChannel {
        AsyncChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            if (event.equals("later")) {
                ReplyRef ref = ctx.replyRef();
                Thread replier = new Thread(() -> ctx.reply(ref, "ok", Map.of("late", true)), "async-replier");
                replier.start();
            }
            return HandleResult.noReply();
        }
    }

    static final class PushChannel extends LoggingChannel {
        PushChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            ctx.push("welcome", Map.of("hello", topic));
            return JoinResult.ok(Map.of("joined", true));
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.noReply();
        }
    }

    static final class InterceptChannel extends LoggingChannel {
        InterceptChannel(ChannelEvents events) {
            super(events);
        }

        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            ctx.assign("user", ((JsonPayload) params).object().path("user").asText());
            return JoinResult.ok();
        }

        @Override
        public Set<String> intercepts() {
            return Set.of("secret_msg");
        }

        @Override
        public void handleOut(String event, Payload payload, ChannelContext ctx) {
            events.add(ctx.topic() + " handleOut " + event + " for " + ctx.assign("user"));
            if (((JsonPayload) payload).object().has("drop")) {
                return;
            }
            Map<String, Object> rewritten = new LinkedHashMap<>();
            rewritten.put("for", ctx.assign("user"));
            rewritten.put("redacted", true);
            ctx.push(event, rewritten);
        }

        @Override
        HandleResult handle(String event, Payload payload, ChannelContext ctx) {
            ctx.broadcast(event, payload);
            return HandleResult.noReply();
        }
    }
}
