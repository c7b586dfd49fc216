package dev.switchboard.client.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.client.Channel;
import dev.switchboard.client.Incoming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Who is on a channel, kept in sync with the server's {@code presence_state} and
 * {@code presence_diff} exactly as phoenix.js's {@code Presence} does (spec §6.5).
 *
 * <p>Diffs that arrive before the state of the channel's current join are held back, then applied
 * after it, followed by one {@code onSync}; so after a rejoin the view is rebuilt from the new
 * state (keys that vanished meanwhile leave, new ones join). Callbacks run on the socket's
 * callback thread like every channel handler. {@link #list()} and {@link #state()} may be called
 * from any thread; they read an immutable snapshot. Do not modify the returned JSON nodes.
 *
 * <pre>{@code
 * Presence presence = new Presence(channel);
 * presence.onSync(() -> System.out.println(presence.keys()));
 * channel.join();
 * }</pre>
 */
public final class Presence {

    /** One key's presence: {@code {"metas": [{"phx_ref": ..., ...}, ...], ...}}. */
    public record Entry(String key, ObjectNode presence) {
        /** The metas, one per connection or device tracked under this key. */
        public List<JsonNode> metas() {
            return Collections.unmodifiableList(PresenceSync.metas(presence));
        }
    }

    /** A key joined or left: its entry before (null for a new key on join) and the joined or left part. */
    @FunctionalInterface
    public interface Change {
        void accept(String key, Entry current, Entry changed);
    }

    private static final Change NOTHING = (key, current, changed) -> { };

    private volatile Map<String, ObjectNode> state = Map.of();
    private volatile Change onJoin = NOTHING;
    private volatile Change onLeave = NOTHING;
    private volatile Runnable onSync = () -> { };
    // Touched only by this channel's handlers, which never run concurrently.
    private final List<JsonNode> pendingDiffs = new ArrayList<>();
    private String joinRef;

    /** Presence on the default events {@code presence_state} and {@code presence_diff}. */
    public Presence(Channel channel) {
        this(channel, "presence_state", "presence_diff");
    }

    /** Presence on custom event names. Create it before joining, so the first state is not missed. */
    public Presence(Channel channel, String stateEvent, String diffEvent) {
        Objects.requireNonNull(channel, "channel");
        channel.on(stateEvent, this::onState);
        channel.on(diffEvent, this::onDiff);
    }

    /** Sets the join callback (replacing the previous one), as phoenix.js's {@code onJoin}. */
    public void onJoin(Change callback) {
        onJoin = Objects.requireNonNull(callback, "callback");
    }

    /** Sets the leave callback (replacing the previous one). */
    public void onLeave(Change callback) {
        onLeave = Objects.requireNonNull(callback, "callback");
    }

    /** Sets the callback run after each state or diff has been applied. */
    public void onSync(Runnable callback) {
        onSync = Objects.requireNonNull(callback, "callback");
    }

    /** Every key's entry, in the order keys first appeared. */
    public List<Entry> list() {
        return list((key, entry) -> entry);
    }

    /** The keys present, in the order they first appeared. */
    public List<String> keys() {
        return List.copyOf(state.keySet());
    }

    /** phoenix.js's {@code list(chooser)}: one value per key. */
    public <T> List<T> list(BiFunction<String, Entry, T> chooser) {
        List<T> out = new ArrayList<>();
        state.forEach((key, presence) -> out.add(chooser.apply(key, new Entry(key, presence))));
        return out;
    }

    /** The current state by key. */
    public Map<String, Entry> state() {
        Map<String, Entry> out = new LinkedHashMap<>();
        state.forEach((key, presence) -> out.put(key, new Entry(key, presence)));
        return Collections.unmodifiableMap(out);
    }

    private void onState(Incoming message) {
        joinRef = message.joinRef();
        Map<String, ObjectNode> next = PresenceSync.syncState(state, message.json(), join(), leave());
        for (JsonNode diff : pendingDiffs) {
            next = PresenceSync.syncDiff(next, diff, join(), leave());
        }
        pendingDiffs.clear();
        state = Collections.unmodifiableMap(next);
        onSync.run();
    }

    private void onDiff(Incoming message) {
        if (joinRef == null || !joinRef.equals(message.joinRef())) {
            pendingDiffs.add(message.json());
            return;
        }
        state = Collections.unmodifiableMap(PresenceSync.syncDiff(state, message.json(), join(), leave()));
        onSync.run();
    }

    private PresenceSync.Change join() {
        Change callback = onJoin;
        return (key, current, changed) -> callback.accept(key, current == null ? null : new Entry(key, current),
                new Entry(key, changed));
    }

    private PresenceSync.Change leave() {
        Change callback = onLeave;
        return (key, current, changed) -> callback.accept(key, new Entry(key, current), new Entry(key, changed));
    }
}
