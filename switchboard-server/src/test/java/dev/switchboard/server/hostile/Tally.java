package dev.switchboard.server.hostile;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Case counts per class and every unexpected answer (with one sample input each), thread-safe. */
final class Tally {
    private final Map<CaseClass, LongAdder> counts = new EnumMap<>(CaseClass.class);
    private final Map<String, LongAdder> wrong = new ConcurrentHashMap<>();
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    Tally() {
        for (CaseClass c : CaseClass.values()) {
            counts.put(c, new LongAdder());
        }
    }

    /** Records one case: its answer and, when unexpected, a sample of the input. */
    void record(CaseClass c, String answer, String input) {
        counts.get(c).increment();
        if (!c.expected.equals(answer)) {
            String key = c + " -> " + answer;
            wrong.computeIfAbsent(key, k -> new LongAdder()).increment();
            samples.putIfAbsent(key, input.length() > 300 ? input.substring(0, 300) + "…" : input);
        }
    }

    long count(CaseClass c) {
        return counts.get(c).sum();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long wrongTotal() {
        return wrong.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String wrongReport() {
        StringBuilder sb = new StringBuilder();
        wrong.forEach((k, n) -> sb.append("  ").append(n.sum()).append(" × ").append(k)
                .append("   e.g. ").append(samples.get(k)).append('\n'));
        return sb.toString();
    }

    String table(String header) {
        StringBuilder sb = new StringBuilder(header).append("\n\n")
                .append("| layer | class | input | expected answer | cases | unexpected |\n")
                .append("|---|---|---|---|---:|---:|\n");
        for (CaseClass c : CaseClass.values()) {
            long bad = wrong.entrySet().stream().filter(e -> e.getKey().startsWith(c + " -> "))
                    .mapToLong(e -> e.getValue().sum()).sum();
            sb.append("| ").append(c.layer).append(" | ").append(c).append(" | ").append(c.input).append(" | ")
                    .append(c.expected).append(" | ").append(count(c)).append(" | ").append(bad).append(" |\n");
        }
        return sb.append("| | **total** | | | **").append(total()).append("** | ").append(wrongTotal()).append(" |\n")
                .toString();
    }
}
