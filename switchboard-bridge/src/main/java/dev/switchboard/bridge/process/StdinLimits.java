package dev.switchboard.bridge.process;

/**
 * How much input may wait for a program that is slow to read it.
 *
 * @param capacityBytes queued bytes beyond which an offer is refused
 * @param highWaterBytes queued bytes at which a pausable source should pause (it resumes below half)
 */
public record StdinLimits(long capacityBytes, long highWaterBytes) {
    /** 1 MiB queued at most, pause at 64 KiB (about one pipe's worth on Linux). */
    public static final StdinLimits DEFAULT = new StdinLimits(1024 * 1024, 64 * 1024);

    public StdinLimits {
        if (capacityBytes < 1 || highWaterBytes < 1) {
            throw new IllegalArgumentException("stdin limits must be positive");
        }
    }
}
