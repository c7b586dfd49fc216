/**
 * {@code switchboard bench}: a load generator for any server speaking the Phoenix Channels V2
 * JSON protocol with the demo {@code room:*} contract, so Switchboard can be compared with
 * Phoenix and others. One class per scenario ({@code idle}, {@code fanout}, {@code rtt},
 * {@code churn}, {@code presence}); the Netty client is in {@code client}, counters and histograms in
 * {@code stats}, the text/JSON/HTML output in {@code report}.
 *
 * <p>Every phase is bounded in time; every run reports the bench's own CPU next to the
 * server's, and flags any message lost, duplicated or out of order.
 */
package dev.switchboard.cli.bench;
