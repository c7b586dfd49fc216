/**
 * Server-wide connection limits, enforced before a request reaches the router: how many TCP
 * connections the server and each client IP may hold ({@link dev.switchboard.server.limits.ConnectionCounter})
 * and how long a connection may take to send a complete HTTP request
 * ({@link dev.switchboard.server.limits.HandshakeDeadline}). Each limit is named in
 * {@link dev.switchboard.server.limits.ConnectionLimits}, says its name when hit (in the response
 * and a log line), and is counted in {@link dev.switchboard.server.limits.LimitCounters}.
 */
package dev.switchboard.server.limits;
