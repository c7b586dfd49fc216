package dev.switchboard.client;

import dev.switchboard.protocol.Payload;

/**
 * Why a channel errored (it will rejoin on its own).
 *
 * @param source  {@code "server"} for a {@code phx_error} frame (the channel process crashed),
 *                {@code "transport"} when the connection was lost, {@code "client"} when the join
 *                params could not be built
 * @param reason  {@code channel_crash} (or the server's reason), {@code connection_closed},
 *                {@code connection_error}, {@code heartbeat_timeout}, or the client-side message
 * @param payload the {@code phx_error} payload for server errors, otherwise {@code {}}
 */
public record ChannelError(String source, String reason, Payload payload) {
    static ChannelError transport(String reason) {
        return new ChannelError("transport", reason, Payload.empty());
    }
}
