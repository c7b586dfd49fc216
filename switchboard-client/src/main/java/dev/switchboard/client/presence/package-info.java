/**
 * Presence for the client: {@link dev.switchboard.client.presence.Presence} keeps a channel's
 * view of who is online in sync with the server's {@code presence_state}/{@code presence_diff},
 * with phoenix.js's algorithm ({@link dev.switchboard.client.presence.PresenceSync}, pure
 * functions usable on their own). Depends on the channel API only.
 */
package dev.switchboard.client.presence;
