package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Execution;
import dev.switchboard.channel.Router;
import dev.switchboard.socket.SocketDefinition;
import org.junit.jupiter.api.Test;

class DemoAppTest {
    private final SocketDefinition socket = DemoApp.socket();

    @Test
    void theSocketIsMountedAtSlashSocket() {
        assertThat(socket.path()).isEqualTo("/socket");
    }

    @Test
    void roomTopicsAreServedByRoomChannelOnTheEventLoop() {
        Router.Route route = socket.router().match("room:lobby");

        assertThat(route).isNotNull();
        assertThat(route.execution()).isEqualTo(Execution.EVENT_LOOP);
        assertThat(route.factory().get()).isInstanceOf(RoomChannel.class);
        assertThat(route.factory().get()).isNotSameAs(route.factory().get());
    }

    @Test
    void otherTopicsHaveNoChannel() {
        assertThat(socket.router().match("lobby")).isNull();
        assertThat(socket.router().match("rooms:lobby")).isNull();
    }
}
