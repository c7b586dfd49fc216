package dev.switchboard.exec;

/**
 * A source of monotonic time in nanoseconds, like {@link System#nanoTime()}. Everything that
 * measures time in the session layer (join rate limits, and whatever waits or expires) reads it
 * from the endpoint's ticker, so tests can run time forward instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

    /** The real clock: {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();
}
