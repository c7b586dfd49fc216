package dev.switchboard.channel;

import java.util.Objects;

/**
 * An exact topic or a prefix ending in {@code *}: {@code "room:*"} matches every topic that starts
 * with {@code "room:"}, including {@code "room:"} itself. The one pattern syntax of channel routes
 * and history rules.
 */
public record TopicPattern(String pattern) {

    public TopicPattern {
        Objects.requireNonNull(pattern, "pattern");
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            throw new IllegalArgumentException("'*' is only allowed at the end of a topic pattern: " + pattern);
        }
    }

    public static TopicPattern of(String pattern) {
        return new TopicPattern(pattern);
    }

    public boolean matches(String topic) {
        if (pattern.endsWith("*")) {
            int prefix = pattern.length() - 1;
            return topic.length() >= prefix && topic.regionMatches(0, pattern, 0, prefix);
        }
        return pattern.equals(topic);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
