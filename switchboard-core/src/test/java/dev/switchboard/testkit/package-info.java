/**
 * Runs sessions, channels and PubSub in-process without a network, deterministically.
 *
 * <p>{@link dev.switchboard.testkit.QueueShard} is a shard driven by the test thread,
 * {@link dev.switchboard.testkit.InMemoryTransport} records what a session sends,
 * {@link dev.switchboard.testkit.TestEndpoints} builds endpoints whose channel callbacks run inline
 * or on real threads, and {@link dev.switchboard.testkit.TestConnection} ties them into one
 * client connection. Published in core's test-jar for the server module's tests.
 */
package dev.switchboard.testkit;
