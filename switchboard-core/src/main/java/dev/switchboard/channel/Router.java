package dev.switchboard.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Maps topics to channel factories by {@link TopicPattern}: an exact topic or a prefix ending in
 * {@code *}. Routes are tried in registration order; the first match wins.
 * Immutable once built.
 */
public final class Router {
    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The route for a topic, or null when no pattern matches. */
    public Route match(String topic) {
        for (Route route : routes) {
            if (route.matches(topic)) {
                return route;
            }
        }
        return null;
    }

    public List<Route> routes() {
        return routes;
    }

    /** One pattern with the factory that makes a channel instance per join. */
    public record Route(TopicPattern pattern, Supplier<? extends Channel> factory, Execution execution) {
        public Route {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(execution, "execution");
        }

        public boolean matches(String topic) {
            return pattern.matches(topic);
        }
    }

    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        /** Routes a pattern to a channel whose callbacks may block (run on workers). */
        public Builder channel(String pattern, Supplier<? extends Channel> factory) {
            return channel(pattern, factory, Execution.WORKER);
        }

        public Builder channel(String pattern, Supplier<? extends Channel> factory, Execution execution) {
            routes.add(new Route(TopicPattern.of(pattern), factory, execution));
            return this;
        }

        public Router build() {
            return new Router(routes);
        }
    }
}
