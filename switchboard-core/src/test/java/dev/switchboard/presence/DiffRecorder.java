package dev.switchboard.presence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.pubsub.PubSub;
import dev.switchboard.pubsub.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscribes to one topic and keeps the presence diffs it receives, applying them to a model of
 * what a phoenix.js client would show (joins before leaves, by phx_ref). Deliveries run inline on
 * the publishing thread (the presence thread), so reads are synchronized.
 */
final class DiffRecorder {
    private static final AtomicInteger IDS = new AtomicInteger(40);

    private final Shard shard = new InlineShard(IDS.getAndIncrement() % Shard.MAX_SHARDS);
    private final List<JsonNode> diffs = new ArrayList<>();
    private final ClientView view = new ClientView();

    static DiffRecorder on(PubSub pubsub, String topic) {
        DiffRecorder recorder = new DiffRecorder();
        pubsub.subscribe(Subscription.listener(topic, recorder.shard, recorder::heard));
        return recorder;
    }

    private synchronized void heard(Broadcast b) {
        if (Presence.DIFF_EVENT.equals(b.event())) {
            diffs.add(b.payload().json());
            view.applyDiff(b.payload().json());
        }
    }

    synchronized List<JsonNode> diffs() {
        return new ArrayList<>(diffs);
    }

    synchronized int diffCount() {
        return diffs.size();
    }

    /** Keys with the number of metas, as a client that applied every diff sees them. */
    synchronized java.util.Map<String, Integer> seen() {
        return view.counts();
    }

    synchronized int joinCount() {
        return diffs.stream().mapToInt(d -> count(d.get("joins"))).sum();
    }

    synchronized int leaveCount() {
        return diffs.stream().mapToInt(d -> count(d.get("leaves"))).sum();
    }

    private static int count(JsonNode byKey) {
        int n = 0;
        for (JsonNode presence : byKey) {
            n += presence.get("metas").size();
        }
        return n;
    }

    /** A shard that runs every task at once on the calling thread. */
    private record InlineShard(int id) implements Shard {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public boolean inShard() {
            return true;
        }
    }
}
