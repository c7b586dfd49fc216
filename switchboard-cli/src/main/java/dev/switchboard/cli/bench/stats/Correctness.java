package dev.switchboard.cli.bench.stats;

/**
 * Delivery errors summed over all receivers of a run. Any of them flags the run.
 *
 * @param expected deliveries that should have happened
 * @param received distinct deliveries that did
 * @param lost expected but never received
 * @param duplicates received more than once
 * @param outOfOrder received after a later one
 * @param errors other failures (connect, join, error replies, unexpected closes)
 */
public record Correctness(long expected, long received, long lost, long duplicates, long outOfOrder, long errors) {

    /** Nothing expected, nothing wrong: the start of a sum. */
    public static final Correctness NONE = new Correctness(0, 0, 0, 0, 0, 0);

    public boolean flagged() {
        return lost > 0 || duplicates > 0 || outOfOrder > 0 || errors > 0;
    }

    /** Sums the checkers; {@code expectedEach} is what every receiver should have got. */
    public static Correctness of(Iterable<SequenceChecker> checkers, long expectedEach, long errors) {
        long expected = 0, received = 0, lost = 0, dup = 0, ooo = 0, invalid = 0;
        for (SequenceChecker c : checkers) {
            expected += expectedEach;
            received += c.received();
            lost += c.lost(expectedEach);
            dup += c.duplicates();
            ooo += c.outOfOrder();
            invalid += c.invalid();
        }
        return new Correctness(expected, received, lost, dup, ooo, errors + invalid);
    }

    public Correctness plus(Correctness o) {
        return new Correctness(expected + o.expected, received + o.received, lost + o.lost,
                duplicates + o.duplicates, outOfOrder + o.outOfOrder, errors + o.errors);
    }

    public Correctness plusErrors(long more) {
        return new Correctness(expected, received, lost, duplicates, outOfOrder, errors + more);
    }
}
