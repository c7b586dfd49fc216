package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testsupport.net.FreePort;
import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Start-up: what an operator sees when the node cannot join its cluster. */
class RedisClusterStartTest {

    @Test
    void unreachableRedisFailsFastNamingTheUri() throws Exception {
        int closedPort = FreePort.loopback();
        String uri = "redis://:s3cret@127.0.0.1:" + closedPort;
        long start = System.nanoTime();
        assertThatThrownBy(() -> RedisCluster.connect(uri, "a"))
                .isInstanceOf(RedisConnectException.class)
                .hasMessageStartingWith("cannot connect to Redis at redis://127.0.0.1:" + closedPort + ":")
                .hasMessageNotContaining("s3cret");
        // generous: fails on the refused connection, not after some retry loop
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aSecondNodeWithTheSameIdIsRefused() {
        try (RedisServer redis = RedisServer.start(); RedisCluster first = RedisCluster.connect(redis.uri(), "twin")) {
            assertThatThrownBy(() -> RedisCluster.connect(redis.uri(), "twin"))
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining("another node with id 'twin'");
            assertThat(first.connected()).isTrue();
        }
    }

    @Test
    void optionsValidateAndHideThePassword() {
        RedisOptions options = RedisOptions.builder("rediss://:pw@example.com:6380/2", "n1").sharded(true).build();
        assertThat(options.displayUri()).isEqualTo("rediss://example.com:6380/2");
        assertThat(options.prefix()).isEqualTo("switchboard");
        assertThat(options.shards()).isEqualTo(16);
        assertThatThrownBy(() -> RedisOptions.builder("redis://h", "bad id").build()).hasMessageContaining("node id");
        assertThatThrownBy(() -> RedisOptions.builder("redis://h", "n").prefix("a b").build()).hasMessageContaining("prefix");
    }
}
