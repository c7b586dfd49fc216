/**
 * The in-memory server the test kit runs an application on; the kit's machinery, not its API.
 *
 * <p>One {@link dev.switchboard.test.runtime.RunLoop} runs everything on a virtual clock: each
 * node's event loops ({@link dev.switchboard.test.runtime.LoopShard}), its presence timer
 * ({@link dev.switchboard.test.runtime.LoopTimer}), its channel workers
 * ({@link dev.switchboard.test.runtime.LoopWorkers}, or real threads counted by
 * {@link dev.switchboard.test.runtime.ThreadWorkers}) and the hops between nodes
 * ({@link dev.switchboard.test.runtime.Fabric}). Each client connection is a
 * {@link dev.switchboard.test.runtime.LoopTransport}. These are the only parts of a server that
 * the kit provides; sessions, channels, PubSub, presence and history are core's own.
 *
 * <p>Depends on {@code switchboard-core} only; nothing here knows the kit's assertions.
 */
package dev.switchboard.test.runtime;
