/**
 * Real processes for tests, always cleaned up: {@link dev.switchboard.testsupport.process.Tool}
 * finds the system's executables (and names the Debian package when one is missing), {@link
 * dev.switchboard.testsupport.process.ChildProcess} runs one in its own process group that a close,
 * a failed test or the JVM's exit takes down, and {@link
 * dev.switchboard.testsupport.process.RedisServer} and {@link
 * dev.switchboard.testsupport.process.Haproxy} start the servers the cluster tests need, on free
 * loopback ports.
 */
package dev.switchboard.testsupport.process;
