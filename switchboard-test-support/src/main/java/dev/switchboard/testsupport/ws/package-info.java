/**
 * A WebSocket client for tests that need to see and send the protocol itself: {@link
 * dev.switchboard.testsupport.ws.WebSocketClient} completes a {@link
 * dev.switchboard.testsupport.ws.Handshake} (custom headers, subprotocols, extensions, or a broken
 * one) and then writes any {@link dev.switchboard.testsupport.ws.Frame}: masked or not, fragmented,
 * with reserved bits or bad opcodes, or plain bytes; it reads the server's frames one at a time,
 * each within a timeout, and reports a close as a {@link
 * dev.switchboard.testsupport.ws.CloseStatus}. It answers nothing by itself (no automatic pong or
 * close echo), so a test sees exactly what the server sent.
 */
package dev.switchboard.testsupport.ws;
