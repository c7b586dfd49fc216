package dev.switchboard.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.cluster.ChaosClients.ClientRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One chaos scenario's outcome, checked client by client: with the publisher's accepted sequence
 * 1..last per topic, every client has each n exactly once and in order (an n whose publish had no
 * answer may arrive twice: the publisher retried it), its positions follow on without a gap or a
 * repeat, and every rejoin recovered. The latency column is the worst p99 (publish to arrival) of the
 * clients that were never disconnected: what the disruption cost those it did not touch.
 */
record ChaosReport(String scenario, int clients, int published, long delivered, long recovered, long replayed,
                   long reconnects, long recoverP50, long recoverP99, long undisturbedLagP99, List<String> failures) {

    static ChaosReport of(String scenario, List<ClientRecord> records, ChaosPublisher publisher) {
        Map<String, Integer> last = publisher.accepted();
        List<String> failures = new ArrayList<>();
        List<Long> recoverMs = new ArrayList<>();
        long delivered = 0;
        long recovered = 0;
        long replayed = 0;
        long reconnects = 0;
        long undisturbedLag = -1; // none: every client was disconnected at least once
        for (ClientRecord client : records) {
            if (client.opens() == 1 && !client.stalled()) {
                undisturbedLag = Math.max(undisturbedLag, client.lagP99());
            }
            String who = "client " + client.id() + " (" + client.transport() + ", " + client.topic() + ")";
            check(client, last.get(client.topic()), publisher.uncertain(client.topic()), who, failures);
            delivered += client.ns().size();
            recovered += client.recoveries();
            replayed += client.replayed();
            reconnects += Math.max(0, client.opens() - 1);
            recoverMs.addAll(client.recoverMs());
        }
        recoverMs.sort(null);
        return new ChaosReport(scenario, records.size(), publisher.published(), delivered, recovered, replayed,
                reconnects, percentile(recoverMs, 50), percentile(recoverMs, 99), undisturbedLag, failures);
    }

    private static void check(ClientRecord client, int last, Set<Integer> uncertain, String who, List<String> failures) {
        List<Integer> ns = client.ns();
        Map<Integer, Integer> seen = new HashMap<>();
        ns.forEach(n -> seen.merge(n, 1, Integer::sum));
        List<Integer> lost = IntStream.rangeClosed(1, last).filter(n -> !seen.containsKey(n)).boxed().toList();
        if (!lost.isEmpty()) {
            failures.add(who + " lost " + lost.size() + " of " + last + ": " + head(lost));
        }
        List<Integer> duplicated = seen.entrySet().stream()
                .filter(e -> e.getValue() > (uncertain.contains(e.getKey()) ? 2 : 1)).map(Map.Entry::getKey).sorted().toList();
        if (!duplicated.isEmpty()) {
            failures.add(who + " received " + duplicated.size() + " more than once: " + head(duplicated));
        }
        long outOfOrder = IntStream.range(1, ns.size()).filter(i -> ns.get(i) < ns.get(i - 1)).count();
        if (outOfOrder > 0) {
            failures.add(who + " received " + outOfOrder + " out of order");
        }
        List<Long> offsets = client.offsets();
        for (int i = 1; i < offsets.size(); i++) {
            if (offsets.get(i - 1) == null || offsets.get(i) == null || offsets.get(i) != offsets.get(i - 1) + 1) {
                failures.add(who + " positions do not follow on at message " + i + ": " + offsets.get(i - 1) + " then "
                        + offsets.get(i));
                break;
            }
        }
        for (JsonNode join : client.unrecovered()) {
            failures.add(who + " rejoined without recovery: " + join);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String head(List<?> values) {
        return values.size() <= 10 ? values.toString() : values.subList(0, 10) + "...";
    }

    static String header() {
        return "| scenario | clients | published | delivered | recovered rejoins | replayed | reconnects "
                + "| time to recover p50 / p99 | latency p99, undisturbed clients | lost · duplicated · out of order |\n"
                + "|---|---|---|---|---|---|---|---|---|---|";
    }

    String row() {
        return "| " + scenario + " | " + clients + " | " + published + " | " + delivered + " | " + recovered + " | "
                + replayed + " | " + reconnects + " | " + recoverP50 + " ms / " + recoverP99 + " ms | "
                + (undisturbedLagP99 < 0 ? "none undisturbed" : undisturbedLagP99 + " ms") + " | "
                + (failures.isEmpty() ? "0 · 0 · 0" : failures.size() + " failures") + " |";
    }
}
