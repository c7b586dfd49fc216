package dev.switchboard.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.testkit.QueueShard;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the PubSub counts as it works: subscribers and broadcasts per topic, deliveries per node. */
class TopicCountsTest {
    private final InMemoryPubSub pubsub = new InMemoryPubSub();
    private final QueueShard a = new QueueShard();
    private final QueueShard b = new QueueShard();
    private final CountingSerializer v2 = new CountingSerializer(Serializers.v2());

    private Subscription subscribe(QueueShard shard, String topic) {
        Subscription s = new RecordingSubscriber(shard, v2, topic, Variant.PLAIN, Set.of()).subscription();
        pubsub.subscribe(s);
        return s;
    }

    private void publish(String topic, int times) {
        for (int i = 0; i < times; i++) {
            pubsub.publish(new Broadcast(topic, "msg", Payload.json(Map.of("n", i))));
        }
        a.runAll();
        b.runAll();
    }

    @Test
    void subscribersAndBroadcastsAreCountedPerTopicAcrossShards() {
        Subscription first = subscribe(a, "room:x");
        subscribe(b, "room:x");
        subscribe(b, "room:y");
        publish("room:x", 3);
        publish("room:nobody", 5);

        assertThat(pubsub.topic("room:x")).isEqualTo(new TopicStats("room:x", 2, 3));
        assertThat(pubsub.topic("room:y")).isEqualTo(new TopicStats("room:y", 1, 0));
        assertThat(pubsub.topic("room:nobody")).isNull();
        assertThat(pubsub.topicCount()).isEqualTo(2);
        assertThat(pubsub.topics()).containsExactlyInAnyOrder(new TopicStats("room:x", 2, 3), new TopicStats("room:y", 1, 0));
        assertThat(pubsub.publishedCount()).as("broadcasts without local subscribers are not fanned out").isEqualTo(3);
        assertThat(pubsub.deliveredCount()).isEqualTo(6);

        pubsub.unsubscribe(first);
        pubsub.unsubscribe(first); // unknown now: ignored, not counted twice
        assertThat(pubsub.topic("room:x").subscribers()).isEqualTo(1);
        assertThat(pubsub.hasSubscribers("room:x")).isTrue();
    }

    @Test
    void aTopicWithoutSubscribersIsForgottenWithItsCounts() {
        Subscription only = subscribe(a, "room:z");
        publish("room:z", 2);
        pubsub.unsubscribe(only);
        assertThat(pubsub.topic("room:z")).isNull();
        assertThat(pubsub.topicCount()).isZero();
        assertThat(pubsub.hasSubscribers("room:z")).isFalse();
        subscribe(a, "room:z");
        assertThat(pubsub.topic("room:z").published()).isZero();
    }

    @Test
    void listenersReceiveButAreNotCountedAsTopicsOrSubscribers() {
        int[] heard = {0};
        Subscription listener = Subscription.listener("socket:42", a, broadcast -> heard[0]++);
        pubsub.subscribe(listener);
        publish("socket:42", 1);

        assertThat(heard[0]).isEqualTo(1);
        assertThat(pubsub.topic("socket:42")).isNull();
        assertThat(pubsub.topicCount()).isZero();
        assertThat(pubsub.topics()).isEmpty();

        subscribe(a, "socket:42");
        assertThat(pubsub.topic("socket:42").subscribers()).isEqualTo(1);
        pubsub.unsubscribe(listener);
        assertThat(pubsub.topic("socket:42").subscribers()).isEqualTo(1);
    }
}
