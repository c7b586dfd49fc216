package dev.switchboard.test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything one test client received, as ExUnit's mailbox is for a Phoenix channel test: an
 * assertion takes the first frame that matches, wherever it is; frames that do not match stay for
 * later assertions. Kept per topic, so a test with thousands of channels stays fast. Frames arrive
 * from whatever thread the server sends on, hence the lock.
 */
final class Inbox {
    /** How many of the most recent frames {@link #recent} remembers (consumed or not), for transcripts. */
    static final int RECENT = 10_000;

    private record Entry(long seq, ReceivedFrame frame) {}

    private final Map<String, ArrayList<Entry>> unconsumed = new HashMap<>();
    private final ArrayDeque<ReceivedFrame> recent = new ArrayDeque<>();
    private long seq;
    private long total;

    synchronized void add(ReceivedFrame frame) {
        unconsumed.computeIfAbsent(frame.topic(), t -> new ArrayList<>(4)).add(new Entry(seq++, frame));
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(frame);
        total++;
    }

    /** Removes and returns the oldest unconsumed frame of {@code topic} that matches, or null. */
    synchronized ReceivedFrame take(String topic, Predicate<ReceivedFrame> match) {
        ArrayList<Entry> frames = unconsumed.get(topic);
        if (frames == null) {
            return null;
        }
        for (int i = 0; i < frames.size(); i++) {
            ReceivedFrame f = frames.get(i).frame();
            if (match.test(f)) {
                frames.remove(i);
                return f;
            }
        }
        return null;
    }

    /** The oldest unconsumed frame of {@code topic} that matches, left in place; or null. */
    synchronized ReceivedFrame peek(String topic, Predicate<ReceivedFrame> match) {
        ArrayList<Entry> frames = unconsumed.get(topic);
        if (frames != null) {
            for (Entry e : frames) {
                if (match.test(e.frame())) {
                    return e.frame();
                }
            }
        }
        return null;
    }

    /** Removes and returns the oldest unconsumed frame on any topic that matches, or null. */
    synchronized ReceivedFrame takeAny(Predicate<ReceivedFrame> match) {
        ArrayList<Entry> best = null;
        int bestIndex = -1;
        long bestSeq = Long.MAX_VALUE;
        for (ArrayList<Entry> frames : unconsumed.values()) {
            for (int i = 0; i < frames.size(); i++) {
                Entry e = frames.get(i);
                if (e.seq() >= bestSeq) {
                    break;
                }
                if (match.test(e.frame())) {
                    best = frames;
                    bestIndex = i;
                    bestSeq = e.seq();
                    break;
                }
            }
        }
        return best == null ? null : best.remove(bestIndex).frame();
    }

    /** Removes and returns every unconsumed frame of {@code topic} that matches, oldest first. */
    synchronized List<ReceivedFrame> takeAll(String topic, Predicate<ReceivedFrame> match) {
        List<ReceivedFrame> taken = new ArrayList<>();
        ArrayList<Entry> frames = unconsumed.get(topic);
        if (frames != null) {
            for (Iterator<Entry> it = frames.iterator(); it.hasNext(); ) {
                ReceivedFrame f = it.next().frame();
                if (match.test(f)) {
                    taken.add(f);
                    it.remove();
                }
            }
        }
        return taken;
    }

    /** The unconsumed frames of {@code topic} that match, oldest first, left in place. */
    synchronized List<ReceivedFrame> unconsumed(String topic, Predicate<ReceivedFrame> match) {
        List<ReceivedFrame> out = new ArrayList<>();
        ArrayList<Entry> frames = unconsumed.get(topic);
        if (frames != null) {
            for (Entry e : frames) {
                if (match.test(e.frame())) {
                    out.add(e.frame());
                }
            }
        }
        return out;
    }

    /** Every unconsumed frame, on all topics, in arrival order. */
    synchronized List<ReceivedFrame> unconsumed() {
        List<Entry> entries = new ArrayList<>();
        unconsumed.values().forEach(entries::addAll);
        entries.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return entries.stream().map(Entry::frame).toList();
    }

    /** The most recent frames received ({@value #RECENT} at most), consumed or not, in arrival order. */
    synchronized List<ReceivedFrame> recent() {
        return List.copyOf(recent);
    }

    /** The most recent frames of one topic, at most {@code limit}, in arrival order. */
    synchronized List<ReceivedFrame> recent(String topic, int limit) {
        List<ReceivedFrame> out = new ArrayList<>();
        for (Iterator<ReceivedFrame> it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            ReceivedFrame f = it.next();
            if (f.topic().equals(topic)) {
                out.add(0, f);
            }
        }
        return out;
    }

    /** How many frames arrived in all. */
    synchronized long total() {
        return total;
    }
}
