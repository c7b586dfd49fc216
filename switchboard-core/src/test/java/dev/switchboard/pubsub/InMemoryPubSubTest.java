package dev.switchboard.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.testkit.QueueShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Local fan-out: encode once per format, one task per interested shard, publish order, isolation. */
class InMemoryPubSubTest {
    private final InMemoryPubSub pubsub = new InMemoryPubSub();
    private final QueueShard a = new QueueShard();
    private final QueueShard b = new QueueShard();
    private final QueueShard c = new QueueShard();
    private final CountingSerializer v1 = new CountingSerializer(Serializers.v1());
    private final CountingSerializer v2 = new CountingSerializer(Serializers.v2());

    private static Broadcast news(int n) {
        return new Broadcast("room:a", "news", Payload.json(Map.of("n", n)));
    }

    private RecordingSubscriber subscribe(QueueShard shard, CountingSerializer serializer) {
        RecordingSubscriber s = new RecordingSubscriber(shard, serializer);
        pubsub.subscribe(s.subscription());
        return s;
    }

    private void runShards() {
        a.runAll();
        b.runAll();
        c.runAll();
    }

    @Test
    void aBroadcastToAThousandV2SubscribersOnTwoShardsIsEncodedExactlyOnce() {
        List<RecordingSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            subscribers.add(subscribe(i % 2 == 0 ? a : b, v2));
        }

        pubsub.publish(news(1));
        runShards();

        assertThat(v2.encodes()).isEqualTo(1);
        EncodedFrame shared = subscribers.get(0).frames().get(0);
        assertThat(shared.text()).isEqualTo("[null,null,\"room:a\",\"news\",{\"n\":1}]");
        for (RecordingSubscriber s : subscribers) {
            assertThat(s.frames()).singleElement().isSameAs(shared);
        }
    }

    @Test
    void subscribersOfMixedFormatsCostOneEncodePerFormat() {
        List<RecordingSubscriber> v1Subscribers = new ArrayList<>();
        List<RecordingSubscriber> v2Subscribers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            v1Subscribers.add(subscribe(i % 2 == 0 ? a : b, v1));
            v2Subscribers.add(subscribe(i % 2 == 0 ? b : a, v2));
        }

        pubsub.publish(news(1));
        runShards();

        assertThat(v1.encodes()).isEqualTo(1);
        assertThat(v2.encodes()).isEqualTo(1);
        EncodedFrame v1Frame = v1Subscribers.get(0).frames().get(0);
        EncodedFrame v2Frame = v2Subscribers.get(0).frames().get(0);
        assertThat(v1Frame.text())
                .isEqualTo("{\"topic\":\"room:a\",\"event\":\"news\",\"payload\":{\"n\":1},\"ref\":null}");
        v1Subscribers.forEach(s -> assertThat(s.frames()).singleElement().isSameAs(v1Frame));
        v2Subscribers.forEach(s -> assertThat(s.frames()).singleElement().isSameAs(v2Frame));
    }

    @Test
    void aBroadcastAFormatCannotCarryIsEncodedOnceAndDeliveredAsNothing() {
        List<RecordingSubscriber> subscribers = List.of(subscribe(a, v1), subscribe(a, v1), subscribe(b, v1));

        pubsub.publish(new Broadcast("room:a", "bin", Payload.binary(new byte[] {1})));
        runShards();

        assertThat(v1.encodes()).isEqualTo(1);
        subscribers.forEach(s -> assertThat(s.frames()).isEmpty());
    }

    @Test
    void aPublishQueuesExactlyOneTaskOnEachShardWithSubscribersAndNoneElsewhere() {
        for (int i = 0; i < 10; i++) {
            subscribe(a, v2);
        }
        subscribe(b, v2);
        pubsub.subscribe(new RecordingSubscriber(c, v2, "room:other", Variant.PLAIN, Set.of()).subscription());

        pubsub.publish(news(1));

        assertThat(a.pending()).isEqualTo(1);
        assertThat(b.pending()).isEqualTo(1);
        assertThat(c.pending()).isZero();
    }

    @Test
    void aPublishToATopicWithoutSubscribersQueuesNothingAndEncodesNothing() {
        subscribe(a, v2);

        pubsub.publish(new Broadcast("room:nobody", "news", Payload.empty()));

        assertThat(a.pending()).isZero();
        assertThat(v2.encodes()).isZero();
    }

    @Test
    void unsubscribingTheLastSubscriberOfAShardClearsThatShardsBit() {
        RecordingSubscriber onA1 = subscribe(a, v2);
        RecordingSubscriber onA2 = subscribe(a, v2);
        RecordingSubscriber onB = subscribe(b, v2);

        pubsub.unsubscribe(onA1.subscription());
        pubsub.publish(news(1));
        assertThat(a.pending()).as("a still has a subscriber").isEqualTo(1);
        runShards();

        pubsub.unsubscribe(onA2.subscription());
        pubsub.publish(news(2));
        assertThat(a.pending()).isZero();
        assertThat(b.pending()).isEqualTo(1);
        runShards();
        assertThat(pubsub.hasSubscribers("room:a")).isTrue();

        pubsub.unsubscribe(onB.subscription());
        assertThat(pubsub.hasSubscribers("room:a")).isFalse();
        assertThat(onA1.frames()).isEmpty();
        assertThat(onA2.frames()).hasSize(1);
        assertThat(onB.frames()).hasSize(2);
    }

    @Test
    void unsubscribingAnUnknownSubscriberIsIgnored() {
        RecordingSubscriber subscribed = subscribe(a, v2);

        pubsub.unsubscribe(new RecordingSubscriber(a, v2).subscription());
        pubsub.unsubscribe(new RecordingSubscriber(b, v2).subscription());
        pubsub.unsubscribe(new RecordingSubscriber(a, v2, "room:zzz", Variant.PLAIN, Set.of()).subscription());

        assertThat(pubsub.hasSubscribers("room:a")).isTrue();
        assertThat(pubsub.subscriberCount(a, "room:a")).isEqualTo(1);
    }

    @Test
    void subscribingTwiceDeliversOnce() {
        RecordingSubscriber s = subscribe(a, v2);
        pubsub.subscribe(s.subscription());

        pubsub.publish(news(1));
        runShards();

        assertThat(s.frames()).hasSize(1);
        assertThat(pubsub.subscriberCount(a, "room:a")).isEqualTo(1);
    }

    @Test
    void broadcastsFromOnePublisherArriveInPublishOrderOnEveryShard() throws InterruptedException {
        RecordingSubscriber onA = subscribe(a, v2);
        RecordingSubscriber onB = subscribe(b, v2);

        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                pubsub.publish(news(i));
            }
        });
        publisher.start();
        publisher.join();
        runShards();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add("[null,null,\"room:a\",\"news\",{\"n\":" + i + "}]");
        }
        assertThat(onA.texts()).isEqualTo(expected);
        assertThat(onB.texts()).isEqualTo(expected);
    }

    @Test
    void broadcastFromExcludesOnlyTheSender() {
        RecordingSubscriber sender = subscribe(a, v2);
        RecordingSubscriber sameShard = subscribe(a, v2);
        RecordingSubscriber otherShard = subscribe(b, v2);

        pubsub.publish(news(1), sender.subscription());
        runShards();

        assertThat(sender.frames()).isEmpty();
        assertThat(sameShard.frames()).hasSize(1);
        assertThat(otherShard.frames()).hasSize(1);
    }

    @Test
    void aSubscriberThatThrowsDoesNotStopDeliveryToTheOthers() {
        RecordingSubscriber before = subscribe(a, v2);
        subscribe(a, v2).onDeliver(d -> {
            throw new IllegalStateException("broken subscriber");
        });
        RecordingSubscriber after = subscribe(a, v2);

        pubsub.publish(news(1));
        pubsub.publish(news(2));
        runShards();

        assertThat(before.frames()).hasSize(2);
        assertThat(after.frames()).hasSize(2);
    }

    @Test
    void aSubscriptionMadeDuringDeliveryTakesEffectFromTheNextBroadcast() {
        RecordingSubscriber late = new RecordingSubscriber(a, v2);
        RecordingSubscriber first = subscribe(a, v2);
        first.onDeliver(d -> pubsub.subscribe(late.subscription()));
        RecordingSubscriber second = subscribe(a, v2);

        pubsub.publish(news(1));
        runShards();
        pubsub.publish(news(2));
        runShards();

        assertThat(first.frames()).hasSize(2);
        assertThat(second.frames()).hasSize(2);
        assertThat(late.texts()).containsExactly("[null,null,\"room:a\",\"news\",{\"n\":2}]");
    }

    @Test
    void anUnsubscribeDuringDeliveryNeitherSkipsNorRepeatsTheOthers() {
        RecordingSubscriber first = subscribe(a, v2);
        first.onDeliver(d -> pubsub.unsubscribe(first.subscription()));
        RecordingSubscriber second = subscribe(a, v2);
        RecordingSubscriber third = subscribe(a, v2);

        pubsub.publish(news(1));
        runShards();

        assertThat(first.frames()).hasSize(1);
        assertThat(second.frames()).hasSize(1);
        assertThat(third.frames()).hasSize(1);
        assertThat(pubsub.subscriberCount(a, "room:a")).isEqualTo(2);
    }

    @Test
    void deliveryHappensOnTheSubscribersShardNeverInsidePublish() {
        RecordingSubscriber s = subscribe(a, v2);

        pubsub.publish(news(1));

        assertThat(s.frames()).as("publish from the shard's own thread still queues").isEmpty();
        a.runAll();
        assertThat(s.frames()).hasSize(1);
    }
    @Test
    void positionedSubscribersGetThePositionInTheRefSlotEncodedOncePerFormatAndVariant() {
        List<RecordingSubscriber> plain = new ArrayList<>();
        List<RecordingSubscriber> positioned = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordingSubscriber p = new RecordingSubscriber(i % 2 == 0 ? a : b, v2, "room:a", Variant.PLAIN, Set.of());
            RecordingSubscriber q = new RecordingSubscriber(i % 2 == 0 ? b : a, v2, "room:a", Variant.POSITIONED, Set.of());
            pubsub.subscribe(p.subscription());
            pubsub.subscribe(q.subscription());
            plain.add(p);
            positioned.add(q);
        }

        pubsub.publish(news(1).at(new Position(42, "k7Qd2x")));
        runShards();

        assertThat(v2.encodes()).isEqualTo(2);
        assertThat(plain.get(0).texts()).containsExactly("[null,null,\"room:a\",\"news\",{\"n\":1}]");
        assertThat(positioned.get(0).texts()).containsExactly("[null,\"42@k7Qd2x\",\"room:a\",\"news\",{\"n\":1}]");
        plain.forEach(s -> assertThat(s.frames()).singleElement().isSameAs(plain.get(0).frames().get(0)));
        positioned.forEach(s -> assertThat(s.frames()).singleElement().isSameAs(positioned.get(0).frames().get(0)));
    }

    @Test
    void withoutAPositionBothVariantsShareThePlainFrame() {
        RecordingSubscriber p = new RecordingSubscriber(a, v2, "room:a", Variant.PLAIN, Set.of());
        RecordingSubscriber q = new RecordingSubscriber(a, v2, "room:a", Variant.POSITIONED, Set.of());
        pubsub.subscribe(p.subscription());
        pubsub.subscribe(q.subscription());

        pubsub.publish(news(1));
        runShards();

        assertThat(v2.encodes()).isEqualTo(1);
        assertThat(q.frames()).singleElement().isSameAs(p.frames().get(0));
    }

    @Test
    void binaryPayloadsTravelWithoutAPositionInEveryVariant() {
        RecordingSubscriber q = new RecordingSubscriber(a, v2, "room:a", Variant.POSITIONED, Set.of());
        pubsub.subscribe(q.subscription());

        pubsub.publish(new Broadcast("room:a", "blob", Payload.binary(new byte[] {1, 2})).at(new Position(7, "e")));
        runShards();

        assertThat(q.frames()).singleElement().satisfies(f -> assertThat(f.binary()).isTrue());
    }

    @Test
    void interceptedEventsGoToTheInterceptorAndAreNeverEncoded() {
        RecordingSubscriber s = new RecordingSubscriber(a, v2, "room:a", Variant.PLAIN, Set.of("secret"));
        pubsub.subscribe(s.subscription());

        pubsub.publish(new Broadcast("room:a", "secret", Payload.json(Map.of("n", 1))));
        pubsub.publish(news(2));
        runShards();

        assertThat(s.intercepted()).extracting(Broadcast::event).containsExactly("secret");
        assertThat(s.texts()).containsExactly("[null,null,\"room:a\",\"news\",{\"n\":2}]");
        assertThat(v2.encodes()).isEqualTo(1);
    }

    @Test
    void aListenerReceivesEveryBroadcastOnItsShard() {
        List<Broadcast> heard = new ArrayList<>();
        pubsub.subscribe(Subscription.listener("user:7", a, heard::add));

        pubsub.publish(new Broadcast("user:7", "disconnect", Payload.empty()));
        assertThat(heard).isEmpty();
        runShards();

        assertThat(heard).extracting(Broadcast::event).containsExactly("disconnect");
    }
}
