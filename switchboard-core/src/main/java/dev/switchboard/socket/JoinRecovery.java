package dev.switchboard.socket;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.history.RecoveryStats;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.Reply;
import dev.switchboard.pubsub.PubSub;
import dev.switchboard.pubsub.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a join that asked for positions (RECOVERY.md §2–§4), once the app accepted it:
 * subscribe first, holding live broadcasts; read the history after the client's position; answer
 * with the {@code recovery} object; write the missed messages as pushes of the new join, a chunk
 * per event-loop turn; then release the held live broadcasts, dropping those the replay already
 * carried. The client so gets every message once, in offset order, and the join reply first.
 *
 * <p>Runs on the connection's shard; a history in another process is read asynchronously, and the
 * answer comes back to the shard. The session's inbound queue stays held until the last replay
 * chunk is written, so the client's next messages (a leave, another join) follow the replay.
 */
final class JoinRecovery {
    private static final Logger log = LoggerFactory.getLogger(JoinRecovery.class);
    /** Replayed messages written per event-loop turn, so one long replay does not stall the loop's other connections. */
    static final int REPLAY_CHUNK = 256;
    private static final Payload HISTORY_UNAVAILABLE = Payload.json(Map.of("reason", "history unavailable"));

    /** The session's side of a recovering join; called on the shard. */
    interface Steps {
        /** The instance is still the connection's channel for its topic, and the connection is open. */
        boolean current(ChannelInstance instance);

        /** The join reply is out: the replaced instance's {@code phx_close} may follow. */
        void answered(ChannelInstance instance);

        /** The history could not be read: undo the join and answer {@code error} with {@code reason}. */
        void refused(ChannelInstance instance, Message join, Payload reason);

        /** The join is complete; the client's next messages may be handled. */
        void done();
    }

    private final Connection connection;
    private final PubSub pubsub;
    private final RecoveryStats stats;

    JoinRecovery(Connection connection) {
        this.connection = connection;
        this.pubsub = connection.endpoint().pubsub();
        this.stats = connection.endpoint().recoveryStats();
    }

    void start(ChannelInstance instance, Message join, Payload appResponse, Steps steps) {
        Subscription subscription = instance.subscription();
        subscription.hold();
        pubsub.subscribe(subscription);
        RecoverRequest request = instance.recovery();
        if (request.kind() != RecoverRequest.Kind.FRESH) {
            stats.attempted();
        }
        HistoryOptions options = pubsub.history().rules().match(instance.topic());
        CompletionStage<HistoryRead> read;
        try {
            // Only a client coming back from a position is replayed; one starting fresh gets the latest position.
            int limit = request.kind() == RecoverRequest.Kind.SINCE && options != null ? options.size() : 0;
            read = pubsub.history().read(instance.topic(), request.since(), limit);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((history, error) -> connection.shard().run(
                () -> answer(instance, join, appResponse, history, error, steps)));
    }

    private void answer(ChannelInstance instance, Message join, Payload appResponse, HistoryRead history,
                        Throwable error, Steps steps) {
        if (!steps.current(instance)) {
            return; // the connection closed meanwhile: the session has cleaned up
        }
        if (error != null) {
            stats.unavailable();
            log.warn("Join of {} refused: its history cannot be read ({}); the client will retry", instance.topic(),
                    error.toString());
            pubsub.unsubscribe(instance.subscription());
            steps.refused(instance, join, HISTORY_UNAVAILABLE);
            return;
        }
        RecoverRequest request = instance.recovery();
        RecoveryFailure failure = request.kind() == RecoverRequest.Kind.INVALID
                ? RecoveryFailure.INVALID_POSITION : history.reason();
        List<Broadcast> replay = failure == null ? history.messages() : List.of();
        if (request.kind() != RecoverRequest.Kind.FRESH) {
            if (failure == null) {
                stats.recovered(replay.size());
            } else {
                stats.failed(failure);
            }
        }
        Reply reply = new Reply(join.joinRef(), join.ref(), instance.topic(), Protocol.STATUS_OK,
                RecoveryReply.of(appResponse, history, failure, replay.size()));
        if (!instance.sendJoinReply(reply)) {
            steps.done();
            return;
        }
        steps.answered(instance);
        Position delivered = replay.isEmpty() ? history.latest() : replay.get(replay.size() - 1).position();
        writeReplay(instance, replay, 0, delivered, steps);
    }

    /** Writes one chunk of the replay as pushes of the new join; the next chunk goes in the next loop turn. */
    private void writeReplay(ChannelInstance instance, List<Broadcast> replay, int from, Position delivered,
                             Steps steps) {
        if (!steps.current(instance)) {
            return;
        }
        int end = Math.min(from + REPLAY_CHUNK, replay.size());
        for (int i = from; i < end; i++) {
            Broadcast b = replay.get(i);
            connection.send(new Message(instance.joinRef(), Ref.of(b.position().toString()), b.topic(), b.event(),
                    b.payload()));
        }
        if (end < replay.size()) {
            connection.shard().execute(() -> writeReplay(instance, replay, end, delivered, steps));
            return;
        }
        instance.open();
        instance.subscription().release(delivered);
        steps.done();
    }
}
