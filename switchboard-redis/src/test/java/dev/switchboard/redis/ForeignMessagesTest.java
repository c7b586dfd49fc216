package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Another application publishing on the cluster's channels, or garbage: ignored, counted, and
 * the nodes carry on.
 */
class ForeignMessagesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void foreignAndCorruptMessagesAreCountedIgnoredAndHarmless() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ClusterNode a = ClusterNode.start(redis.uri(), "fm-a", false);
             ClusterNode b = ClusterNode.start(redis.uri(), "fm-b", false);
             TestSocket b1 = b.connect()) {
            b1.join("room:f");
            assertThat(redis.command("PUBLISH", "switchboard:broadcast", "hello from another app")).isEqualTo(":2");
            redis.command("PUBLISH", "switchboard:broadcast", "SB\u0009 a newer envelope version");
            redis.command("PUBLISH", "switchboard:broadcast", "SB\u0001\u0001\u0000\u0001x"); // truncated
            redis.command("PUBLISH", "switchboard:nodes", "");
            redis.command("PUBLISH", "switchboard:node:fm-b", "{\"json\":true}");
            await().atMost(PATIENCE).until(() -> b.cluster.metrics().invalid() == 5 && a.cluster.metrics().invalid() == 4);
            assertThat(b.get("/metrics").body()).contains("switchboard_redis_received_invalid_total 5.0");
            assertThat(b1.broadcasts()).isEmpty();

            a.broadcast("room:f", "shout", "{\"id\":\"still-works\"}");
            await().atMost(PATIENCE).until(() -> b1.count("still-works") == 1);
            assertThat(b.cluster.connected()).isTrue();
        }
    }

    @Test
    void garbageOnShardChannelsIsIgnoredToo() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ClusterNode a = ClusterNode.start(redis.uri(), "fs-a", true);
             ClusterNode b = ClusterNode.start(redis.uri(), "fs-b", true);
             TestSocket b1 = b.connect()) {
            b1.join("room:s");
            for (int shard = 0; shard < RedisOptions.DEFAULT_SHARDS; shard++) {
                redis.command("SPUBLISH", "switchboard:broadcast:" + shard, "noise " + shard);
            }
            await().atMost(PATIENCE).until(() -> b.cluster.metrics().invalid() == RedisOptions.DEFAULT_SHARDS);
            a.broadcast("room:s", "shout", "{\"id\":\"fine\"}");
            await().atMost(PATIENCE).until(() -> b1.count("fine") == 1);
        }
    }
}
