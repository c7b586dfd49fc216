/**
 * The transports: WebSocket and long-poll on the JDK's {@code java.net.http}, the seam the socket
 * drives them through ({@link dev.switchboard.client.transport.Transport},
 * {@link dev.switchboard.client.transport.TransportListener},
 * {@link dev.switchboard.client.transport.TransportFactory}) and the phoenix.js-compatible URL
 * rules ({@link dev.switchboard.client.transport.EndpointUrls}). Transports move whole frames; they
 * know nothing of channels, refs or heartbeats. Applications only ever name
 * {@link dev.switchboard.client.transport.TransportKind}.
 */
package dev.switchboard.client.transport;
