/**
 * Loopback TCP for tests: {@link dev.switchboard.testsupport.net.RawConnection} (one client
 * connection that writes any bytes and reads with a timeout), {@link
 * dev.switchboard.testsupport.net.FreePort}, and {@link dev.switchboard.testsupport.net.TcpProxy},
 * which forwards to a server and injects the faults a network produces.
 */
package dev.switchboard.testsupport.net;
