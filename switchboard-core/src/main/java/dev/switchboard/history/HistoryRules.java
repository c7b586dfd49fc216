package dev.switchboard.history;

import dev.switchboard.channel.TopicPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which topics keep history, and how much: topic patterns with their {@link HistoryOptions},
 * first match wins. Empty by default (no topic keeps history, as in Phoenix). Sockets add their
 * rules when a server starts; reads are lock-free. Thread-safe.
 */
public final class HistoryRules {
    /** One pattern and what matching topics keep. */
    public record Rule(TopicPattern pattern, HistoryOptions options) {
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(options, "options");
        }
    }

    private volatile List<Rule> rules = List.of();

    /** Adds a rule after the existing ones; an identical rule already present is not added twice. */
    public synchronized void add(Rule rule) {
        if (rules.contains(rule)) {
            return;
        }
        List<Rule> next = new ArrayList<>(rules);
        next.add(Objects.requireNonNull(rule, "rule"));
        rules = List.copyOf(next);
    }

    public void add(String pattern, HistoryOptions options) {
        add(new Rule(TopicPattern.of(pattern), options));
    }

    /** What {@code topic} keeps, or null when it keeps no history. */
    public HistoryOptions match(String topic) {
        List<Rule> current = rules;
        for (int i = 0; i < current.size(); i++) {
            Rule rule = current.get(i);
            if (rule.pattern().matches(topic)) {
                return rule.options();
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public List<Rule> rules() {
        return rules;
    }
}
