/**
 * Event-loop plumbing shared by transports: native/NIO selection, shards over event loops, flush
 * batching, and each loop's registry of open client connections (idle sweep, shutdown, and the
 * count of how every connection ended), plus the outbound bounds they enforce.
 */
package dev.switchboard.server.io;
