/**
 * Execution for the client: the shared threads ({@link dev.switchboard.client.exec.ClientThreads}),
 * the serial executors that give each socket a single-threaded state machine and an ordered
 * callback queue ({@link dev.switchboard.client.exec.SerialExecutor}), and the retry timer used for
 * reconnects and rejoins. Nothing here knows the protocol.
 */
package dev.switchboard.client.exec;
