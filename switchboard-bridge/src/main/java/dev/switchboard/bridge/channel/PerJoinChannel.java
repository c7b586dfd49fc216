package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.bridge.process.ExitStatus;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.ReplyRef;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import java.util.Map;

/**
 * A channel whose join starts a program of its own ({@link BridgeMode#PER_JOIN}).
 *
 * <ul>
 *   <li>join: the program starts with {@link ProgramEnvironment#forJoin the topic and params} in
 *       its environment; a cap or a failed start refuses the join with the reason;</li>
 *   <li>each push reaches stdin ({@link StdinMessages}); JSON programs answer by ref (the push
 *       gets no reply until they do), line programs' pushes are answered {@code ok} at once;</li>
 *   <li>each stdout line is a reply, a push, a broadcast or data ({@link ProgramOutput}); a line
 *       that cannot be sent is counted and pushed to the client as {@code bridge_error}
 *       {@code {"reason": ...}};</li>
 *   <li>the program exits with 0 → the channel stops ({@code phx_close}); otherwise it crashes
 *       ({@code phx_error}, and phoenix.js rejoins, starting a new program); leave or disconnect →
 *       the program is stopped on the shutdown schedule.</li>
 * </ul>
 */
final class PerJoinChannel implements Channel, OutputReader.Target {
    /** The event a client receives when a line of its program was refused. */
    static final String ERROR_EVENT = "bridge_error";

    private final Bridges bridges;
    private final ChannelBridge bridge;
    private final PendingReplies pending = new PendingReplies();
    private volatile ChannelContext ctx;
    private volatile ChildProcess child;
    /** Completed with the process once started: its output can end before {@code join} returns. */
    private final java.util.concurrent.CompletableFuture<ChildProcess> started = new java.util.concurrent.CompletableFuture<>();

    PerJoinChannel(Bridges bridges, ChannelBridge bridge) {
        this.bridges = bridges;
        this.bridge = bridge;
    }

    @Override
    public JoinResult join(String topic, Payload params, ChannelContext ctx) {
        this.ctx = ctx;
        OutputReader reader = new OutputReader(bridge, bridges.metrics(), this);
        Bridges.Start start = bridges.start(bridge, ProgramEnvironment.forJoin(topic, params, ctx),
                bridge.program().display() + " for " + topic, reader.splitter());
        if (start instanceof Bridges.Refused refused) {
            return JoinResult.error(Map.of("reason", refused.message()));
        }
        child = ((Bridges.Started) start).process();
        started.complete(child);
        return JoinResult.ok();
    }

    @Override
    public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
        ReplyRef replyRef = ctx.replyRef();
        String ref = Ref.valueOf(replyRef.ref());
        byte[] line;
        try {
            line = bridge.format() == LineFormat.JSON ? StdinMessages.json(event, payload, ref) : StdinMessages.line(payload);
        } catch (IllegalArgumentException e) {
            return refuseInput(Refusal.INVALID_INPUT, e.getMessage());
        }
        if (bridge.program().pty() && line.length - 1 > Launcher.ptyMaxInputLine()) {
            return refuseInput(Refusal.PTY_LINE_TOO_LONG, "a line longer than the terminal's "
                    + Launcher.ptyMaxInputLine() + " bytes");
        }
        ChildProcess process = child;
        if (bridge.format() == LineFormat.JSON && ref != null) {
            pending.put(ref, replyRef); // before the write: the answer may come back at once
        }
        if (!process.offer(line)) {
            if (ref != null) {
                pending.take(ref);
            }
            return process.stdinOpen()
                    ? refuseInput(Refusal.STDIN_FULL, "the program's input queue is full")
                    : refuseInput(Refusal.STDIN_CLOSED, "the program has closed its input");
        }
        bridges.metrics().lineIn();
        return bridge.format() == LineFormat.JSON ? HandleResult.noReply() : HandleResult.ok();
    }

    private HandleResult refuseInput(Refusal reason, String message) {
        bridges.metrics().refused(reason);
        return HandleResult.error(Map.of("reason", message));
    }

    @Override
    public void terminate(TerminateReason reason, ChannelContext ctx) {
        ChildProcess process = child;
        if (process != null) {
            process.stop();
        }
    }

    // ---- the program's output, on its reading thread ----

    @Override
    public void emit(ProgramOutput output) {
        ChannelContext c = ctx;
        if (output instanceof ProgramOutput.Reply reply) {
            ReplyRef to = pending.take(reply.ref());
            if (to == null) {
                bridges.metrics().refused(Refusal.UNKNOWN_REF);
                refused(Refusal.UNKNOWN_REF, "a reply to ref " + reply.ref() + ", which is not waiting for one");
            } else {
                c.reply(to, reply.status(), reply.response());
            }
        } else if (output instanceof ProgramOutput.Push push) {
            c.push(push.event(), push.payload());
        } else if (output instanceof ProgramOutput.Broadcast broadcast) {
            c.broadcast(broadcast.event(), broadcast.payload());
        } else if (output instanceof ProgramOutput.Data data) {
            c.push(data.event(), data.payload());
        } else if (output instanceof ProgramOutput.Invalid invalid) {
            refused(Refusal.INVALID_OUTPUT, invalid.reason());
        }
    }

    @Override
    public void refused(Refusal reason, String detail) {
        ChannelContext c = ctx;
        bridges.logRefusal(c.topic(), reason, detail);
        c.push(ERROR_EVENT, Map.of("reason", detail));
    }

    /** Output is over: once the program has exited, its status ends the channel. */
    @Override
    public void ended() {
        ChannelContext c = ctx;
        started.thenAccept(process -> {
            if (process.isAlive()) {
                process.stop(); // it closed stdout but runs on: stop it, as websocketd does
            }
            process.exit().whenComplete((status, error) -> {
                if (status != null && status == 0) {
                    c.stop();
                } else {
                    c.crash("program " + process.label() + " exited with "
                            + (status == null ? "an error" : ExitStatus.describe(status)));
                }
            });
        });
    }
}
