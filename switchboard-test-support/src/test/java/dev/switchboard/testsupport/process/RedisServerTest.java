package dev.switchboard.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void withoutPersistenceARestartOnTheSamePortBeginsEmpty() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            assertThat(redis.command("SET", "k", "v")).isEqualTo("+OK");
            redis.kill();
            assertThat(redis.running()).isFalse();
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isEqualTo("$-1");
        }
    }

    @Test
    void withAppendOnlyWritesSurviveAKill() throws Exception {
        try (RedisServer redis = RedisServer.start(true)) {
            assertThat(redis.command("SET", "k", "kept")).isEqualTo("+OK");
            redis.kill();
            redis.restart();
            assertThat(redis.command("GET", "k")).isEqualTo("$4");
        }
    }

    @Test
    void stopIsAPoliteShutdown() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redis.stop();
            assertThat(redis.running()).isFalse();
            assertThat(redis.log()).contains("ready to exit");
        }
    }
}
