package dev.switchboard.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options of one {@link Channel}.
 *
 * @param params        join params: a map, a record, a Jackson tree, anything Jackson writes as a
 *                      JSON object; evaluated again on every join attempt, so a rejoin can say
 *                      what the client already has (default: {@code {}})
 * @param recover       ask the server for message positions and, on every rejoin, for the
 *                      messages missed since the last one seen (the recovery extension); the
 *                      reserved join param {@code recover} is then added to the params, which
 *                      must be a JSON object (default false: plain Phoenix behaviour)
 * @param timeout       reply timeout for this channel's join, pushes and leave; null (default)
 *                      uses the socket's
 * @param rejoinBackoff rejoin delays for this channel; null (default) uses the socket's
 */
public record ChannelOptions(Supplier<?> params, boolean recover, Duration timeout, Backoff rejoinBackoff) {

    /** No params, no recovery, the socket's timeouts. */
    public static final ChannelOptions DEFAULTS = new ChannelOptions(Map::of, false, null, null);

    public ChannelOptions {
        Objects.requireNonNull(params, "params");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ChannelOptions}. */
    public static final class Builder {
        private Supplier<?> params = Map::of;
        private boolean recover;
        private Duration timeout;
        private Backoff rejoinBackoff;

        private Builder() {}

        /** Join params evaluated on every join attempt. */
        public Builder params(Supplier<?> params) {
            this.params = params;
            return this;
        }

        /** Fixed join params. */
        public Builder params(Map<String, ?> params) {
            Map<String, ?> copy = new java.util.LinkedHashMap<>(params);
            this.params = () -> copy;
            return this;
        }

        public Builder recover(boolean recover) {
            this.recover = recover;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder rejoinBackoff(Backoff backoff) {
            this.rejoinBackoff = backoff;
            return this;
        }

        public ChannelOptions build() {
            return new ChannelOptions(params, recover, timeout, rejoinBackoff);
        }
    }
}
