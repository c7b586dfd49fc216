/**
 * Event-loop plumbing shared by transports: native/NIO selection, shards over event loops,
 * flush batching and the idle sweep.
 */
package dev.switchboard.server.io;
