/**
 * The server's Micrometer meters, exposed in Prometheus text at {@code GET /metrics} together with
 * those of any {@link io.micrometer.core.instrument.binder.MeterBinder} on the endpoint (the Redis
 * cluster's, for one).
 */
package dev.switchboard.server.metrics;
