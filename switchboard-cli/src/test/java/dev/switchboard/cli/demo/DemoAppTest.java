package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Execution;
import dev.switchboard.channel.Router;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.util.Map;
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

    @Test
    void theUserIdConnectParamBecomesAnAssign() {
        ConnectResult result = DemoApp.connect(new ConnectRequest(Map.of("user_id", "ada"), null));

        assertThat(result).isEqualTo(ConnectResult.accept(Map.of("user_id", "ada")));
    }

    @Test
    void everyoneMayConnectWithoutAUserId() {
        assertThat(DemoApp.connect(new ConnectRequest(Map.of(), null))).isEqualTo(ConnectResult.accept());
        assertThat(DemoApp.connect(new ConnectRequest(Map.of("user_id", Map.of("nested", "x")), null)))
                .isEqualTo(ConnectResult.accept());
    }
}
