/**
 * The demo application of {@code switchboard serve}: the {@code /socket} socket with the
 * {@code room:*} channel that the chat page, the tests and the benchmarks use. Its contract is
 * documented on {@link dev.switchboard.cli.demo.RoomChannel} and must not change.
 */
package dev.switchboard.cli.demo;
