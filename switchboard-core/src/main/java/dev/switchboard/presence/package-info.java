/**
 * Presence (spec §6): who is on a topic, compatible with phoenix.js {@code Presence}, batched, and
 * replicated between the nodes of a cluster.
 *
 * <ul>
 *   <li>{@link dev.switchboard.presence.Presence} is what a channel uses ({@code ctx.presence()}):
 *       {@code track}, {@code update}, {@code untrack}, {@code list}, {@code pushState}; whatever a
 *       channel instance tracked is untracked when it ends, however it ends.</li>
 *   <li>{@link dev.switchboard.presence.PresenceTracker} is the node's state, one per
 *       {@link dev.switchboard.socket.Endpoint}: local entries and replicas of the other nodes',
 *       one lock per topic, diffs batched per topic and published to this node's subscribers only.</li>
 *   <li>{@link dev.switchboard.presence.PresenceOptions}: batch window, heartbeat interval, down
 *       timeout.</li>
 * </ul>
 *
 * <p>Guarantees, as a client sees them: every meta carries a unique {@code phx_ref}; a
 * {@code presence_diff} always has both {@code joins} and {@code leaves}; diffs of one topic
 * arrive in the order the changes were made; an update is one diff (new meta in joins with
 * {@code phx_ref_prev}, old meta in leaves). Design and cluster behaviour: {@code docs/PRESENCE.md}.
 */
package dev.switchboard.presence;
