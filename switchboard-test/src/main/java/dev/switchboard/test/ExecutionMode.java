package dev.switchboard.test;

/** Where a test's channel callbacks run. */
public enum ExecutionMode {
    /**
     * Every callback runs on the test's own thread, queued in the order a single worker would run
     * them (the default). The same test always interleaves the same way, so a failure reproduces
     * every time, and no test pays for thread hand-offs.
     */
    DETERMINISTIC,
    /**
     * Channel callbacks ({@code Execution.WORKER} routes and the connect handler) run on real worker
     * threads, concurrently with each other, as in production; event loops, timers and the virtual
     * clock stay on the test's thread. For tests of code that blocks, takes locks or hands work to
     * threads of its own. Assertions wait for running callbacks before they look or move time.
     */
    WORKER_THREADS
}
