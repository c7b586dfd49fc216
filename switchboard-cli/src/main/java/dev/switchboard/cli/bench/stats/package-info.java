/**
 * What the bench counts: per-receiver sequence checks, per-thread latency histograms and
 * timelines, the CPU of the bench and of the server, and the machine it ran on.
 */
package dev.switchboard.cli.bench.stats;
