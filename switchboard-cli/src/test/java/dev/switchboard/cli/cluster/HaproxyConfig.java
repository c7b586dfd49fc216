package dev.switchboard.cli.cluster;

import java.util.List;

/**
 * The HAProxy in front of the cluster test's nodes: round-robin, no stickiness, so every HTTP
 * request (each long-poll GET and POST included) may land on a different node. The same settings
 * as the HAProxy example in docs/CLUSTER.md: WebSocket-friendly timeouts well above the heartbeat,
 * health checks on {@code /health}, and redispatch to another node when one is down.
 */
final class HaproxyConfig {
    private HaproxyConfig() {}

    /** A configuration listening on 127.0.0.1:{@code port} and balancing over {@code nodes}. */
    static String roundRobin(int port, List<NodeProcess> nodes) {
        StringBuilder cfg = new StringBuilder()
                .append("global\n")
                .append("  maxconn 4096\n")
                .append("defaults\n")
                .append("  mode http\n")
                .append("  timeout connect 2s\n")
                .append("  timeout client 60s\n")
                .append("  timeout server 60s\n")
                .append("  timeout tunnel 1h\n")
                .append("  option redispatch\n")
                .append("  retries 3\n")
                .append("frontend switchboard\n")
                .append("  bind 127.0.0.1:").append(port).append('\n')
                .append("  default_backend nodes\n")
                .append("backend nodes\n")
                .append("  balance roundrobin\n")
                .append("  option httpchk GET /health\n")
                .append("  default-server inter 500ms fall 2 rise 2\n");
        for (NodeProcess node : nodes) {
            cfg.append("  server ").append(node.name()).append(" 127.0.0.1:").append(node.port()).append(" check\n");
        }
        return cfg.toString();
    }
}
