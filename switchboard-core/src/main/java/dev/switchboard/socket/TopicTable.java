package dev.switchboard.socket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's live channels (joined or joining) by topic. Most connections join one topic, so
 * the first entry is held in two fields and a map is made only when a second joins: an idle
 * joined connection then carries no map, its table and its entry (112 bytes of its heap).
 * Not thread-safe: a session's table is confined to its shard.
 */
final class TopicTable<V> {
    /** The only entry while {@link #more} is null; unused once it is not. */
    private String topic;
    private V instance;
    /** Every entry, from the moment the table had two. */
    private Map<String, V> more;

    int size() {
        return more != null ? more.size() : instance == null ? 0 : 1;
    }

    V get(String key) {
        if (more != null) {
            return more.get(key);
        }
        return instance != null && topic.equals(key) ? instance : null;
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }

    void put(String key, V value) {
        if (more == null && (instance == null || topic.equals(key))) {
            topic = key;
            instance = value;
            return;
        }
        if (more == null) {
            more = new HashMap<>(4);
            more.put(topic, instance);
            topic = null;
            instance = null;
        }
        more.put(key, value);
    }

    /** Removes the entry of {@code key}; returns its value, or null. */
    V remove(String key) {
        if (more != null) {
            return more.remove(key);
        }
        V removed = get(key);
        if (removed != null) {
            topic = null;
            instance = null;
        }
        return removed;
    }

    /** Removes {@code value} if it is the value of {@code key}. */
    boolean remove(String key, V value) {
        if (get(key) != value || value == null) {
            return false;
        }
        remove(key);
        return true;
    }

    List<String> topics() {
        return more != null ? new ArrayList<>(more.keySet()) : single(topic);
    }

    List<V> values() {
        return more != null ? new ArrayList<>(more.values()) : single(instance);
    }

    /** A new list holding the inline entry's {@code part}, or empty when there is no entry. */
    private <T> List<T> single(T part) {
        List<T> list = new ArrayList<>(1);
        if (instance != null) {
            list.add(part);
        }
        return list;
    }

    void clear() {
        topic = null;
        instance = null;
        more = null;
    }
}
