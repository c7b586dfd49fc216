package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisChannelsTest {

    @Test
    void globalModeUsesOneBroadcastChannel() {
        RedisChannels channels = new RedisChannels("sb", false, 16);
        assertThat(channels.forTopic("room:1")).isEqualTo("sb:broadcast");
        assertThat(channels.plainChannels("a")).containsExactlyInAnyOrder("sb:node:a", "sb:nodes", "sb:broadcast");
        assertThat(channels.shardChannels()).isEmpty();
    }

    @Test
    void shardedModeSpreadsTopicsStablyOverAllShards() {
        RedisChannels channels = new RedisChannels("sb", true, 16);
        assertThat(channels.plainChannels("a")).containsExactlyInAnyOrder("sb:node:a", "sb:nodes");
        assertThat(channels.shardChannels()).hasSize(16).contains("sb:broadcast:0", "sb:broadcast:15");
        assertThat(channels.forTopic("room:1")).isEqualTo(channels.forTopic("room:1"));
        // CRC-32("room:lobby") = 0x... fixed by the algorithm, not by this JVM
        assertThat(RedisChannels.shardOf("room:lobby", 16)).isEqualTo(RedisChannels.shardOf("room:lobby", 16));
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            used.add(channels.forTopic("room:" + i));
        }
        assertThat(used).hasSize(16);
    }

    @Test
    void shardOfMatchesCrc32() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("room:lobby".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(RedisChannels.shardOf("room:lobby", 16)).isEqualTo((int) (crc.getValue() % 16));
    }
}
