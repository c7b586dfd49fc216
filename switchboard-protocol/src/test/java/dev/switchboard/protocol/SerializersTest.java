package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Choosing a serializer from the {@code vsn} connect parameter (spec §1.2). */
class SerializersTest {

    @Test
    void aMissingVsnMeansV1() {
        assertThat(Serializers.forVsn(null)).containsSame(Serializers.v1());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.0.0", "1.0.7", "1.0.10", "1.0.0+build.5"})
    void anyOneZeroXIsV1(String vsn) {
        assertThat(Serializers.forVsn(vsn)).containsSame(Serializers.v1());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2.0.0", "2.0.3", "2.0.42", "2.0.0+sha.abc"})
    void anyTwoZeroXIsV2(String vsn) {
        assertThat(Serializers.forVsn(vsn)).containsSame(Serializers.v2());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"2.1.0", "1.1.0", "3.0.0", "0.0.1", "123.1.1", "abc", "", " 2.0.0", "2.0.0 ", "2.0",
            "2", "2.0.0.0", "02.0.0", "2.00.0", "2.0.01", "2.0.0-rc.1", "1.0.0-beta", "2.0.1-dev", "2.0.x", "v2.0.0",
            "2.0.0+"})
    void everythingElseIsRefused(String vsn) {
        assertThat(Serializers.forVsn(vsn)).isEmpty();
    }

    @Test
    void serializersAreSharedSingletonsOfTheirFormat() {
        assertThat(Serializers.v1()).isInstanceOf(V1JsonSerializer.class).isSameAs(Serializers.v1());
        assertThat(Serializers.v2()).isInstanceOf(V2Serializer.class).isSameAs(Serializers.v2());
        assertThat(Serializers.v1().format()).isEqualTo(WireFormat.V1_JSON);
        assertThat(Serializers.v2().format()).isEqualTo(WireFormat.V2);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void ofReturnsTheSharedSerializerForAFormat(WireFormat format) {
        assertThat(Serializers.of(format).format()).isEqualTo(format);
        assertThat(Serializers.of(format)).isSameAs(format == WireFormat.V1_JSON ? Serializers.v1() : Serializers.v2());
    }
}
