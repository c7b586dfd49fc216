/**
 * What the tests of every Switchboard module share, so that none of them carries its own copy:
 *
 * <ul>
 *   <li>{@link dev.switchboard.testsupport.net}: raw TCP connections, free ports, and a TCP proxy
 *       that injects faults (cuts, refusals, stalls) between a client and a server;</li>
 *   <li>{@link dev.switchboard.testsupport.http}: HTTP/1.1 responses read off a raw connection;</li>
 *   <li>{@link dev.switchboard.testsupport.ws}: a WebSocket client that writes any frame, masked or
 *       not, and reads the server's frames one by one;</li>
 *   <li>{@link dev.switchboard.testsupport.phoenix}: Phoenix V2 JSON messages over that client, and a
 *       long-poll client that makes exactly the requests phoenix.js makes;</li>
 *   <li>{@link dev.switchboard.testsupport.process}: child processes that are always cleaned up,
 *       the system tools they run, redis-server and HAProxy launchers;</li>
 *   <li>{@link dev.switchboard.testsupport.js}: the runners of the phoenix.js (Node) and browser
 *       (headless Chromium) scripts;</li>
 *   <li>{@link dev.switchboard.testsupport.Background}: a blocking step of a test on a thread of
 *       its own.</li>
 * </ul>
 *
 * <p>The module speaks the wire (sockets, HTTP, WebSocket, Phoenix's JSON) and never uses
 * Switchboard's own classes: the other modules depend on it in test scope. Everything binds to
 * loopback and every wait is bounded.
 */
package dev.switchboard.testsupport;
