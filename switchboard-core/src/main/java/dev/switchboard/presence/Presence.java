package dev.switchboard.presence;

/**
 * Presence for one channel instance ({@code ctx.presence()}): what this client's channel tracks on
 * its topic, and who is there. Everything it tracks is untracked when the channel instance ends,
 * however it ends (leave, stop, crash, rejoin, connection closed).
 *
 * <pre>{@code
 * public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
 *     if (event.equals("online")) {
 *         ctx.presence().track(ctx.assign("user_id"), Map.of("device", "web"));
 *         ctx.presence().pushState();            // presence_state to this client
 *         return HandleResult.ok();              // everyone on the topic gets a presence_diff
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Metas are JSON objects (a map, a record, a Jackson {@code ObjectNode} or a JSON
 * object {@link dev.switchboard.protocol.Payload}); the server adds {@code phx_ref} (and on update
 * {@code phx_ref_prev}), overwriting any such field of the application's.
 */
public interface Presence {

    /** The event of the full state pushed to one client. */
    String STATE_EVENT = "presence_state";
    /** The event of the changes broadcast to every subscriber of the topic. */
    String DIFF_EVENT = "presence_diff";

    /**
     * Tracks {@code key} on this channel's topic with {@code meta}; returns its {@code phx_ref}.
     *
     * @throws AlreadyTrackedException when this channel instance already tracks {@code key}
     * @throws IllegalArgumentException when the meta is not a JSON object or the key is empty
     * @throws IllegalStateException when the channel instance has ended
     */
    String track(String key, Object meta);

    /**
     * Replaces the meta of a tracked key; returns the new {@code phx_ref}. Everyone gets one diff
     * with the new meta (carrying {@code phx_ref_prev}) in joins and the old one in leaves.
     *
     * @throws IllegalStateException when {@code key} is not tracked by this channel instance
     */
    String update(String key, Object meta);

    /** Stops tracking {@code key}; false when it was not tracked by this channel instance. */
    boolean untrack(String key);

    /** Who is on this channel's topic now. */
    PresenceState list();

    /** Who is on any topic now. */
    PresenceState list(String topic);

    /**
     * Pushes {@code presence_state} to this channel's client, as phoenix.js {@code Presence} needs
     * after every (re)join before it applies any diff. Returns the state sent. The state is the
     * topic's as of the last diff sent or later — changes still waiting for the next diff (a
     * presence tracked a moment ago, this client's own included) reach the client in that diff —
     * so that clients joining in a burst share one rendered state per batch window.
     */
    PresenceState pushState();
}
