/**
 * Where code runs. A {@link dev.switchboard.exec.Shard} is one network event loop: every
 * connection lives on exactly one, and all of that connection's state is touched only there,
 * so the hot path needs no locks. A {@link dev.switchboard.exec.Mailbox} runs one channel
 * instance's callbacks one at a time, in order, either on a worker executor or on the shard.
 */
package dev.switchboard.exec;
