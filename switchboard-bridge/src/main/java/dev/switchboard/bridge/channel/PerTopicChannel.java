package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import java.util.Map;

/**
 * A subscriber of a topic whose program is shared ({@link BridgeMode#PER_TOPIC}). The join
 * subscribes (the first one starts the program); the program's lines are broadcast to the topic
 * through the server's endpoint, so they reach every subscriber, on every node, with whatever the
 * topic's broadcasts carry; a push is written to the program's stdin and answered {@code ok}
 * once queued (the program answers with broadcasts, having no single client).
 */
final class PerTopicChannel implements Channel {
    private final TopicProcesses processes;

    PerTopicChannel(TopicProcesses processes) {
        this.processes = processes;
    }

    @Override
    public JoinResult join(String topic, Payload params, ChannelContext ctx) {
        Bridges.Refused refused = processes.join(topic, ctx);
        return refused == null ? JoinResult.ok() : JoinResult.error(Map.of("reason", refused.message()));
    }

    @Override
    public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
        ChannelBridge bridge = processesBridge();
        byte[] line;
        try {
            line = bridge.format() == LineFormat.JSON
                    ? StdinMessages.json(event, payload, Ref.valueOf(ctx.replyRef().ref()))
                    : StdinMessages.line(payload);
        } catch (IllegalArgumentException e) {
            processes.bridges().metrics().refused(Refusal.INVALID_INPUT);
            return HandleResult.error(Map.of("reason", e.getMessage()));
        }
        if (bridge.program().pty() && line.length - 1 > Launcher.ptyMaxInputLine()) {
            processes.bridges().metrics().refused(Refusal.PTY_LINE_TOO_LONG);
            return HandleResult.error(Map.of("reason", "a line longer than the terminal's " + Launcher.ptyMaxInputLine() + " bytes"));
        }
        String problem = processes.input(ctx.topic(), line);
        return problem == null ? HandleResult.ok() : HandleResult.error(Map.of("reason", problem));
    }

    @Override
    public void terminate(TerminateReason reason, ChannelContext ctx) {
        processes.leave(ctx.topic(), ctx);
    }

    private ChannelBridge processesBridge() {
        return processes.bridge();
    }
}
