package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's classpath (tests included) holds the protocol and Jackson, and no server code. */
class DependenciesTest {

    @Test
    void noServerCoreRedisCliOrNettyClassesAreReachable() {
        for (String name : List.of("dev.switchboard.server.SwitchboardServer", "dev.switchboard.socket.Session",
                "dev.switchboard.channel.Channel", "dev.switchboard.redis.RedisCluster", "dev.switchboard.cli.Main",
                "io.netty.channel.Channel", "org.slf4j.Logger")) {
            assertThatThrownBy(() -> Class.forName(name), name).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theProtocolAndJacksonAre() throws Exception {
        assertThat(Class.forName("dev.switchboard.protocol.ClientSerializer")).isNotNull();
        assertThat(Class.forName("com.fasterxml.jackson.databind.ObjectMapper")).isNotNull();
    }
}
