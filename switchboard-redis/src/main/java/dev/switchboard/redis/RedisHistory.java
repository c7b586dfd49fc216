package dev.switchboard.redis;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.HistoryRules;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Position;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Topic histories shared by every node of a cluster, in Redis: one atomic script per broadcast
 * assigns the offset, appends to the topic's stream and publishes to the other nodes
 * ({@link HistoryScripts}), so a message has the same position on every node. Reads (recovering
 * joins, {@code GET /api/history}, filling gaps) are one script too.
 *
 * <p>The epoch lives in the topic's meta hash and is recreated, with offsets starting over, when
 * the meta hash or the stream is lost: a Redis restart without persistence, eviction, expiry after
 * the ttl, a deleted key. The guarantee of recovery then holds only as far as Redis keeps its
 * data: see docs/RECOVERY.md for the persistence settings it needs.
 */
final class RedisHistory implements HistoryStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HistoryRules rules = new HistoryRules();
    private final RedisLink link;
    private final RedisChannels channels;
    private final String keyPrefix;
    private final byte[] envelopeHead;
    private final RedisMetrics metrics;
    private final LostAnswers lostAnswers;
    /** Prefix of this process's publish ids: unique even when a restarted node reuses its id. */
    private final String publisher = newEpoch() + ":";
    private final AtomicLong published = new AtomicLong();

    RedisHistory(RedisLink link, RedisChannels channels, RedisOptions options, RedisMetrics metrics) {
        this.link = link;
        this.lostAnswers = new LostAnswers(link, options.commandTimeout());
        this.channels = channels;
        this.keyPrefix = options.prefix() + ":history:{";
        this.envelopeHead = envelopeHead(options.nodeId());
        this.metrics = metrics;
    }

    @Override
    public HistoryRules rules() {
        return rules;
    }

    /**
     * Runs the publish script: the broadcast gets the topic's next position in Redis and is
     * published to every node (this one included). Completes with the position, or exceptionally
     * when Redis cannot be reached (then no node receives the broadcast), or with
     * {@link dev.switchboard.history.PublishOutcomeUnknown} when Redis's answer was lost and
     * whether it ran the script cannot be told ({@link LostAnswers}).
     */
    CompletableFuture<Position> publish(Broadcast broadcast, HistoryOptions options) {
        byte[] payload = ((JsonPayload) broadcast.payload()).bytes();
        String topic = broadcast.topic();
        String[] keys = keys(topic);
        String publishId = publisher + Long.toString(published.incrementAndGet(), 36);
        return link.eval(HistoryScripts.PUBLISH, keys,
                        ascii(newEpoch()), ascii(Long.toString(options.ttl().toMillis())),
                        ascii(Integer.toString(options.size())), utf8(channels.forTopic(topic)),
                        ascii(channels.sharded() ? "1" : "0"), envelopeHead, utf8(topic), utf8(broadcast.event()), payload,
                        ascii(publishId))
                .thenApply(reply -> new Position((Long) reply.get(0), string(reply.get(1))))
                .exceptionallyCompose(e -> lostAnswers.settle(e, keys, publishId, options.size()))
                .whenComplete((p, e) -> metrics.historyPublished(e == null));
    }

    @Override
    public CompletionStage<HistoryRead> read(String topic, Position since, int limit) {
        HistoryOptions options = rules.match(topic);
        if (options == null) {
            return CompletableFuture.completedFuture(HistoryRead.failed(null, RecoveryFailure.NO_HISTORY));
        }
        return range(topic, options, since, limit, -1).thenApply(r -> r.outcome(since));
    }

    /**
     * The messages after {@code since} up to offset {@code last} (-1: the latest), at most
     * {@code limit}, with the topic's epoch, latest and oldest kept offsets.
     */
    CompletableFuture<Range> range(String topic, HistoryOptions options, Position since, int limit, long last) {
        return link.eval(HistoryScripts.READ, keys(topic),
                        ascii(newEpoch()), ascii(Long.toString(options.ttl().toMillis())),
                        ascii(Long.toString(since == null ? -1 : since.offset())),
                        ascii(since == null ? "" : since.epoch()), ascii(Integer.toString(Math.max(0, limit))),
                        ascii(Long.toString(last)))
                .thenApply(reply -> Range.of(topic, reply))
                .whenComplete((r, e) -> metrics.historyRead(e == null));
    }

    /** What the read script answered. */
    record Range(String epoch, long latest, long oldest, List<Broadcast> messages) {

        static Range of(String topic, List<Object> reply) {
            String epoch = string(reply.get(0));
            List<Broadcast> messages = new ArrayList<>((reply.size() - 3) / 3);
            for (int i = 3; i + 2 < reply.size(); i += 3) {
                long offset = (Long) reply.get(i);
                messages.add(new Broadcast(topic, string(reply.get(i + 1)), JsonPayload.trusted((byte[]) reply.get(i + 2)),
                        new Position(offset, epoch)));
            }
            return new Range(epoch, (Long) reply.get(1), (Long) reply.get(2), messages);
        }

        /** The same rules as the in-memory history (RECOVERY.md §3). */
        HistoryRead outcome(Position since) {
            Position latestPosition = new Position(latest, epoch);
            if (since == null) {
                return HistoryRead.recovered(latestPosition, messages);
            }
            if (!since.epoch().equals(epoch)) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.EPOCH_CHANGED);
            }
            if (since.offset() > latest) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.INVALID_POSITION);
            }
            if (since.offset() < oldest - 1) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.TOO_OLD);
            }
            return HistoryRead.recovered(latestPosition, messages);
        }
    }

    private String[] keys(String topic) {
        String base = keyPrefix + topic + "}";
        return new String[] {base + ":meta", base};
    }

    /** The envelope bytes before the position: magic, version, kind 3, flags 0, this node's id. */
    private static byte[] envelopeHead(String nodeId) {
        byte[] origin = nodeId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(5 + 1 + origin.length)
                .put(EnvelopeCodec.MAGIC_0).put(EnvelopeCodec.MAGIC_1).put(EnvelopeCodec.VERSION)
                .put(EnvelopeCodec.KIND_POSITIONED).put((byte) 0)
                .put((byte) origin.length).put(origin)
                .array();
    }

    private static String newEpoch() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}
