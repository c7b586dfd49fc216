/**
 * The bridge's meters, in whatever registry the server exposes at {@code GET /metrics}: programs
 * started and running, output lines, throttling, and every refusal counted by reason
 * ({@link dev.switchboard.bridge.metrics.Refusal}), so each limit that bites shows up by name.
 */
package dev.switchboard.bridge.metrics;
