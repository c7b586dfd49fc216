package dev.switchboard.test.runtime;

/**
 * Channel workers in deterministic mode: each task is queued on the {@link RunLoop} and runs on the
 * test's thread in its turn, never inline. A channel's callbacks therefore run after the frame that
 * caused them has been handed over, exactly in the order a single worker would run them, and the
 * session sees its join "in flight" as it does in production.
 */
public final class LoopWorkers extends LoopExecutor {

    public LoopWorkers(RunLoop loop, String name) {
        super(loop, name);
    }
}
