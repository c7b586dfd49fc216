package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic routing: exact patterns and trailing splats, first match wins (spec §3.3). */
class RouterTest {
    private static final Supplier<Channel> ANY = () -> (topic, params, ctx) -> JoinResult.ok();

    private static Router routes(String... patterns) {
        Router.Builder builder = Router.builder();
        for (String p : patterns) {
            builder.channel(p, ANY);
        }
        return builder.build();
    }

    private static String matched(Router router, String topic) {
        Router.Route route = router.match(topic);
        return route == null ? null : route.pattern().pattern();
    }

    @ParameterizedTest(name = "room:* matches \"{0}\"")
    @ValueSource(strings = {"room:", "room:lobby", "room:lobby:1", "room:*", "room: "})
    void aTrailingSplatMatchesEveryTopicWithThePrefixIncludingThePrefixItself(String topic) {
        assertThat(matched(routes("room:*"), topic)).isEqualTo("room:*");
    }

    @ParameterizedTest(name = "room:* does not match \"{0}\"")
    @ValueSource(strings = {"roo", "room", "Room:lobby", "rooms:lobby", "", "xroom:lobby"})
    void aTrailingSplatMatchesNothingElse(String topic) {
        assertThat(routes("room:*").match(topic)).isNull();
    }

    @Test
    void anExactPatternMatchesOnlyThatTopic() {
        Router router = routes("lobby");

        assertThat(matched(router, "lobby")).isEqualTo("lobby");
        assertThat(router.match("lobby2")).isNull();
        assertThat(router.match("lobb")).isNull();
        assertThat(router.match("LOBBY")).isNull();
    }

    @Test
    void aLoneSplatMatchesEveryTopic() {
        Router router = routes("*");

        assertThat(matched(router, "")).isEqualTo("*");
        assertThat(matched(router, "anything:at:all")).isEqualTo("*");
    }

    @Test
    void theFirstMatchingRouteInRegistrationOrderWins() {
        assertThat(matched(routes("room:*", "room:lobby"), "room:lobby")).isEqualTo("room:*");
        assertThat(matched(routes("room:lobby", "room:*"), "room:lobby")).isEqualTo("room:lobby");
        assertThat(matched(routes("room:lobby", "room:*"), "room:other")).isEqualTo("room:*");
        assertThat(matched(routes("room:a*", "room:*"), "room:abc")).isEqualTo("room:a*");
    }

    @Test
    void eachRouteKeepsItsFactoryAndExecution() {
        Supplier<Channel> loopFactory = () -> (topic, params, ctx) -> JoinResult.ok();
        Router router = Router.builder()
                .channel("room:*", ANY)
                .channel("fast:*", loopFactory, Execution.EVENT_LOOP)
                .build();

        assertThat(router.match("room:a").execution()).isEqualTo(Execution.WORKER);
        assertThat(router.match("fast:a").execution()).isEqualTo(Execution.EVENT_LOOP);
        assertThat(router.match("fast:a").factory()).isSameAs(loopFactory);
    }

    @Test
    void noRoutesMatchNothing() {
        assertThat(Router.builder().build().match("room:a")).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"room:*:messages", "*:lobby", "room**", "a*b*"})
    void aSplatAnywhereButTheEndIsRejected(String pattern) {
        assertThatThrownBy(() -> Router.builder().channel(pattern, ANY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(pattern);
    }

    @Test
    void theBuiltRouterIsImmutable() {
        Router.Builder builder = Router.builder().channel("a", ANY);
        Router router = builder.build();
        builder.channel("b", ANY);

        assertThat(router.routes()).extracting(r -> r.pattern().pattern()).containsExactly("a");
        assertThatThrownBy(() -> router.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
