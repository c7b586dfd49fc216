/**
 * Health of a node's own dependencies: {@link dev.switchboard.health.HealthCheck}s registered on
 * the {@link dev.switchboard.socket.Endpoint} and reported by the server's {@code GET /health}.
 */
package dev.switchboard.health;
