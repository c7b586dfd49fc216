/**
 * The WebSocket transport: {@code GET {mount}/websocket}. {@link
 * dev.switchboard.server.transport.websocket.WebSocketUpgrade} runs the handshake checks of spec
 * §1.4 (method, auth-token subprotocol, {@code vsn}, the application's connect) before Netty's
 * handshaker answers 101; {@link dev.switchboard.server.transport.websocket.WebSocketConnection}
 * then carries frames between the socket and the session.
 */
package dev.switchboard.server.transport.websocket;
