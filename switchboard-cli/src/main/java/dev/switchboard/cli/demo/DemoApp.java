package dev.switchboard.cli.demo;

import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.SocketParams;
import dev.switchboard.channel.Execution;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.util.Map;

/** The application {@code switchboard serve} runs: one socket with the demo room channel. */
public final class DemoApp {

    /** Where the socket is mounted; clients connect to {@code /socket/websocket}. */
    public static final String SOCKET_PATH = "/socket";
    /** The topics served by {@link RoomChannel}. */
    public static final String ROOM_TOPICS = "room:*";

    private DemoApp() {}

    /**
     * The {@code /socket} definition: everyone may connect (a {@code user_id} connect param, if
     * given, becomes the assign {@link RoomChannel#USER_ID}, the default presence key), and
     * {@code room:*} is a {@link RoomChannel}.
     */
    public static SocketDefinition socket() {
        return socket(null);
    }

    /**
     * The {@code /socket} definition with bridged programs ({@code serve --bridge}, and the demo's
     * own: {@link DemoBridges}) routed before {@code room:*}; their programs see the connect params
     * ({@link SocketParams}). Null: no bridges.
     */
    public static SocketDefinition socket(Bridges bridges) {
        SocketDefinition.Builder socket = SocketDefinition.builder(SOCKET_PATH)
                // Reading a param never blocks: the connect handler runs on the event loop.
                .connect(bridges == null ? DemoApp::connect : SocketParams.keep(DemoApp::connect), Execution.EVENT_LOOP);
        if (bridges != null) {
            bridges.addTo(socket);
        }
        // RoomChannel never blocks: running it on the event loop saves two thread hops a message.
        return socket.channel(ROOM_TOPICS, RoomChannel::new, Execution.EVENT_LOOP).build();
    }

    static ConnectResult connect(ConnectRequest request) {
        String userId = request.param(RoomChannel.USER_ID);
        if (userId == null || userId.isBlank() || userId.length() > RoomChannel.MAX_KEY_LENGTH) {
            return ConnectResult.accept();
        }
        return ConnectResult.accept(Map.of(RoomChannel.USER_ID, userId));
    }
}
