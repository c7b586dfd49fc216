package dev.switchboard.cli.bench.stats;

import java.util.BitSet;

/**
 * Checks that one receiver got every sequence number 0..n-1 exactly once and in order. A number
 * seen twice is a duplicate; one that arrives after a higher one is out of order; the ones never
 * seen are lost. Not thread-safe: one checker per connection, used on its event loop.
 */
public final class SequenceChecker {
    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long invalid;

    /** Records one arrival of {@code seq}. */
    public void accept(long seq) {
        if (seq < 0 || seq >= Integer.MAX_VALUE) {
            invalid++;
            return;
        }
        int i = (int) seq;
        if (seen.get(i)) {
            duplicates++;
            return;
        }
        seen.set(i);
        received++;
        if (seq < highest) {
            outOfOrder++;
        } else {
            highest = seq;
        }
    }

    /** Distinct sequence numbers received. */
    public long received() {
        return received;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** Arrivals without a usable sequence number. */
    public long invalid() {
        return invalid;
    }

    /** Of 0..expected-1, how many never arrived. */
    public long lost(long expected) {
        if (expected <= 0) return 0;
        int upTo = (int) Math.min(expected, Integer.MAX_VALUE);
        return upTo - seen.get(0, upTo).cardinality();
    }

    /** Whether 0..expected-1 have all arrived. */
    public boolean complete(long expected) {
        return received >= expected && lost(expected) == 0;
    }
}
