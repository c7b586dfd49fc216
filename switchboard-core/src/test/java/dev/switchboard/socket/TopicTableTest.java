package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A session's channel table: one entry in fields, a map from the second on; the same answers either way. */
class TopicTableTest {
    private final TopicTable<Object> channels = new TopicTable<>();
    private final Object a = new Object();
    private final Object b = new Object();
    private final Object c = new Object();

    @Test
    void oneChannel() {
        assertThat(channels.size()).isZero();
        assertThat(channels.get("room:a")).isNull();

        channels.put("room:a", a);
        assertThat(channels.size()).isEqualTo(1);
        assertThat(channels.get("room:a")).isSameAs(a);
        assertThat(channels.containsKey("room:b")).isFalse();
        assertThat(channels.topics()).containsExactly("room:a");
        assertThat(channels.values()).containsExactly(a);

        channels.put("room:a", b);
        assertThat(channels.get("room:a")).as("replaced").isSameAs(b);
        assertThat(channels.remove("room:a", a)).as("not the current one").isFalse();
        assertThat(channels.remove("room:a", b)).isTrue();
        assertThat(channels.size()).isZero();
        assertThat(channels.topics()).isEmpty();
    }

    @Test
    void aSecondChannelMovesEverythingIntoAMap() {
        channels.put("room:a", a);
        channels.put("room:b", b);
        channels.put("room:c", c);

        assertThat(channels.size()).isEqualTo(3);
        assertThat(channels.get("room:a")).isSameAs(a);
        assertThat(channels.topics()).containsExactlyInAnyOrder("room:a", "room:b", "room:c");
        assertThat(channels.values()).containsExactlyInAnyOrder(a, b, c);
        assertThat(channels.remove("room:b")).isSameAs(b);
        assertThat(channels.remove("room:b")).isNull();
        assertThat(channels.remove("room:a", a)).isTrue();
        assertThat(channels.size()).isEqualTo(1);
        assertThat(channels.get("room:c")).isSameAs(c);

        channels.clear();
        assertThat(channels.size()).isZero();
        channels.put("room:d", a);
        assertThat(channels.get("room:d")).isSameAs(a);
    }
}
