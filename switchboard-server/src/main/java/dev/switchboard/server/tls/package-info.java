/**
 * TLS for the server's one port: {@code https://} and {@code wss://} with the JDK's own TLS engine
 * (Netty's {@code SslProvider.JDK}), from PEM files or from a self-signed certificate generated at
 * start-up for development.
 *
 * <p>{@link dev.switchboard.server.tls.TlsConfig} is what a server is given
 * ({@code SwitchboardServer.builder().tls(...)}); it is built eagerly, so a missing file, a key in
 * the wrong format or a key that does not belong to the certificate is reported by
 * {@link dev.switchboard.server.tls.TlsConfigException} with one line a user can act on, before
 * anything listens. The server adds one {@code SslHandler} first in each connection's pipeline;
 * the HTTP, WebSocket and long-poll handlers behind it do not know TLS is there. Only TLSv1.3 and
 * TLSv1.2 are offered, and a client has {@link dev.switchboard.server.tls.TlsConfig#HANDSHAKE_TIMEOUT}
 * to finish its handshake.
 */
package dev.switchboard.server.tls;
