/**
 * Draining a node before it stops: {@code /health} answers 503 at once so the balancer stops
 * sending clients; after a grace the listener closes; then the open connections are closed with
 * 1012 {@code server draining: reconnect} in batches spread over the drain window, so their
 * reconnects reach the other nodes as a steady stream instead of a storm; joins during the drain
 * are refused with {@code {"reason":"server draining"}}; a deadline closes whatever is left.
 * Every step is logged and counted ({@code switchboard_drain_*}).
 */
package dev.switchboard.server.drain;
