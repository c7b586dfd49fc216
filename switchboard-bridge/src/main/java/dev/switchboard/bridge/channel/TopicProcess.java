package dev.switchboard.bridge.channel;

import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.bridge.process.ExitStatus;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.socket.Endpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One topic's shared program and its subscribers on this node. Every method but the output
 * callbacks runs under the owning {@link TopicProcesses}' lock.
 */
final class TopicProcess implements OutputReader.Target {
    private final TopicProcesses owner;
    private final ChannelBridge bridge;
    private final String topic;
    private final Endpoint endpoint;
    private final TopicOwnership ownership;
    private final Set<ChannelContext> members = new LinkedHashSet<>();
    private ChildProcess child;
    private ScheduledFuture<?> graceStop;
    private ScheduledFuture<?> ticker;

    TopicProcess(TopicProcesses owner, ChannelBridge bridge, String topic, Endpoint endpoint, TopicOwnership ownership) {
        this.owner = owner;
        this.bridge = bridge;
        this.topic = topic;
        this.endpoint = endpoint;
        this.ownership = ownership;
    }

    String topic() {
        return topic;
    }

    ChildProcess child() {
        return child;
    }

    boolean idle() {
        return members.isEmpty();
    }

    /** Adds a subscriber; starts the program when this node should run it. Returns a refusal, or null. */
    Bridges.Refused admit(ChannelContext member) {
        members.add(member);
        if (graceStop != null) {
            graceStop.cancel(false);
            graceStop = null;
        }
        if (ownership != null) {
            ownership.claim();
            if (ticker == null) {
                // leadership can change without a local event (another node leaves or dies)
                ticker = owner.timer().scheduleWithFixedDelay(() -> owner.reconcile(this), 1, 1, TimeUnit.SECONDS);
            }
        }
        Bridges.Refused refused = reconcile();
        if (refused != null) {
            members.remove(member);
        }
        return refused;
    }

    /** Removes a subscriber; the last one leaving starts the grace period. */
    void remove(ChannelContext member) {
        if (members.remove(member) && members.isEmpty() && graceStop == null) {
            graceStop = owner.timer().schedule(() -> owner.graceOver(this), bridge.grace().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs the program if this node leads (or is alone), stops it if another node leads. */
    Bridges.Refused reconcile() {
        boolean run = ownership == null || ownership.leads();
        if (run && child == null) {
            Bridges.Start start = owner.bridges().start(bridge, ProgramEnvironment.forTopic(topic),
                    bridge.program().display() + " for topic " + topic, new OutputReader(bridge, owner.bridges().metrics(), this).splitter());
            if (start instanceof Bridges.Refused refused) {
                return refused;
            }
            child = ((Bridges.Started) start).process();
            ChildProcess started = child;
            started.exit().whenComplete((status, error) -> owner.exited(this, started, status == null ? -1 : status));
        } else if (!run && child != null) {
            child.stop(); // another node leads; its output reaches our subscribers through the PubSub
            child = null;
        }
        return null;
    }

    /** Ends this topic here: the program stopped, the claim withdrawn, the timers cancelled. */
    void shutDown() {
        if (graceStop != null) {
            graceStop.cancel(false);
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (ownership != null) {
            ownership.release();
        }
        if (child != null) {
            child.stop();
            child = null;
        }
    }

    /**
     * The program exited by itself (not stopped here): its subscribers on this node end as a joined
     * channel would: status 0 → {@code phx_close}, otherwise {@code phx_error} (they rejoin and the
     * first rejoin starts a new program).
     */
    boolean exited(ChildProcess which, int status) {
        if (child != which) {
            return false; // stopped on purpose, or already replaced
        }
        child = null;
        List<ChannelContext> ended = List.copyOf(members);
        members.clear();
        shutDown();
        for (ChannelContext member : ended) {
            if (status == 0) {
                member.stop();
            } else {
                member.crash("topic program of " + topic + " exited with " + ExitStatus.describe(status));
            }
        }
        return true;
    }

    // ---- output, on the program's reading thread ----

    @Override
    public void emit(ProgramOutput output) {
        if (output instanceof ProgramOutput.Broadcast broadcast) {
            endpoint.broadcast(topic, broadcast.event(), broadcast.payload());
        } else if (output instanceof ProgramOutput.Data data) {
            endpoint.broadcast(topic, data.event(), data.payload());
        } else {
            owner.bridges().metrics().refused(Refusal.INVALID_OUTPUT);
            refused(Refusal.INVALID_OUTPUT, "a per-topic program has no single client to reply or push to;"
                    + " write {\"broadcast\": EVENT, \"payload\": {...}} or plain objects");
        }
    }

    @Override
    public void refused(Refusal reason, String detail) {
        owner.bridges().logRefusal("topic " + topic, reason, detail);
    }

    @Override
    public void ended() {
        // the exit callback does the rest
    }

}
