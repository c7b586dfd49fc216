package dev.switchboard.cli.demo;

import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.SocketParams;
import dev.switchboard.channel.Execution;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.time.Duration;
import java.util.Map;

/** The application {@code switchboard serve} runs: one socket with the demo room channel. */
public final class DemoApp {

    /** Where the socket is mounted; clients connect to {@code /socket/websocket}. */
    public static final String SOCKET_PATH = "/socket";
    /** The topics served by {@link RoomChannel}. */
    public static final String ROOM_TOPICS = "room:*";
    /** What every room keeps for clients that reconnect: the last 1,000 messages, for at least 5 minutes. */
    public static final HistoryOptions ROOM_HISTORY = HistoryOptions.of(1000, Duration.ofMinutes(5));

    private DemoApp() {}

    /** The demo socket with the rooms' default history ({@link #ROOM_HISTORY}). */
    public static SocketDefinition socket() {
        return socket(ROOM_HISTORY);
    }

    /**
     * The {@code /socket} definition: everyone may connect (a {@code user_id} connect param, if
     * given, becomes the assign {@link RoomChannel#USER_ID}, the default presence key), and
     * {@code room:*} is a {@link RoomChannel} whose topics keep {@code history}, so clients that
     * join with {@code recover} get positions and what they missed (RECOVERY.md); null keeps none.
     */
    public static SocketDefinition socket(HistoryOptions history) {
        return socket(history, null);
    }

    /** The demo socket with the rooms' default history and bridged programs (null: none). */
    public static SocketDefinition socket(Bridges bridges) {
        return socket(ROOM_HISTORY, bridges);
    }

    /**
     * The {@code /socket} definition with bridged programs ({@code serve --bridge}, and the demo's
     * own: {@link DemoBridges}) routed before {@code room:*}; their programs see the connect params
     * ({@link SocketParams}). Null history keeps none; null bridges: no bridges.
     */
    public static SocketDefinition socket(HistoryOptions history, Bridges bridges) {
        SocketDefinition.Builder socket = SocketDefinition.builder(SOCKET_PATH)
                // Reading a param never blocks: the connect handler runs on the event loop.
                .connect(bridges == null ? DemoApp::connect : SocketParams.keep(DemoApp::connect), Execution.EVENT_LOOP);
        if (bridges != null) {
            bridges.addTo(socket);
        }
        // RoomChannel never blocks: running it on the event loop saves two thread hops a message.
        socket.channel(ROOM_TOPICS, RoomChannel::new, Execution.EVENT_LOOP);
        if (history != null) {
            socket.history(ROOM_TOPICS, history);
        }
        return socket.build();
    }

    static ConnectResult connect(ConnectRequest request) {
        String userId = request.param(RoomChannel.USER_ID);
        if (userId == null || userId.isBlank() || userId.length() > RoomChannel.MAX_KEY_LENGTH) {
            return ConnectResult.accept();
        }
        return ConnectResult.accept(Map.of(RoomChannel.USER_ID, userId));
    }
}
