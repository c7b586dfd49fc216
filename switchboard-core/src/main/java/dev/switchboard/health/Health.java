package dev.switchboard.health;

import java.util.Objects;

/**
 * What a {@link HealthCheck} found: a status and a sentence for the operator.
 *
 * @param detail what is wrong and what it means for clients, or what is fine; never null
 */
public record Health(Status status, String detail) {

    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up(String detail) {
        return new Health(Status.UP, detail);
    }

    public static Health degraded(String detail) {
        return new Health(Status.DEGRADED, detail);
    }

    public static Health down(String detail) {
        return new Health(Status.DOWN, detail);
    }

    /** How far a node can do its job, from best to worst. */
    public enum Status {
        /** Everything works. */
        UP,
        /**
         * The node still serves its own clients, but something they would notice is missing
         * (for example broadcasts from other nodes while the cluster's Redis is away).
         */
        DEGRADED,
        /** The node cannot serve its clients; a load balancer should send them elsewhere. */
        DOWN;

        /** The worse of two statuses. */
        public Status worst(Status other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }
}
