package dev.switchboard.server.admin;

import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.ServerConnection;
import dev.switchboard.server.io.Shards;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Pages through this node's connections, oldest first, optionally only those on one topic or
 * matching a search. The one admin read that walks connections: once per request, on each event
 * loop for its own connections (no locks, no copy of the registry), keeping at most
 * {@code offset + limit} rows per loop; a row is made only for a connection that matches.
 */
final class ConnectionListing {
    private final Shards shards;

    ConnectionListing(Shards shards) {
        this.shards = shards;
    }

    /** What one request asks for; {@code topic} and {@code q} may be null. */
    record Request(String topic, String q, int offset, int limit) {}

    /** One page, and how many connections matched in all. */
    record Page(List<ConnectionRow> rows, int total) {}

    CompletableFuture<Page> list(Request request) {
        int keep = request.offset() + request.limit();
        List<CompletableFuture<Page>> parts = new ArrayList<>();
        for (EventLoopShard shard : shards.all()) {
            CompletableFuture<Page> part = new CompletableFuture<>();
            shard.loop().execute(() -> {
                try {
                    part.complete(walk(shard, request, keep));
                } catch (RuntimeException e) {
                    part.completeExceptionally(e);
                }
            });
            parts.add(part);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ConnectionRow> all = new ArrayList<>();
            int total = 0;
            for (CompletableFuture<Page> part : parts) {
                all.addAll(part.join().rows());
                total += part.join().total();
            }
            all.sort(Comparator.comparingLong(ConnectionRow::id));
            int from = Math.min(request.offset(), all.size());
            int to = Math.min(from + request.limit(), all.size());
            return new Page(List.copyOf(all.subList(from, to)), total);
        });
    }

    /** The {@code keep} oldest matching connections of one loop, and how many matched; on the loop. */
    private static Page walk(EventLoopShard shard, Request request, int keep) {
        // Newest on top, so the heap drops the newest once it holds more than it must keep.
        PriorityQueue<ConnectionRow> oldest = new PriorityQueue<>(Comparator.comparingLong(ConnectionRow::id).reversed());
        int[] total = {0};
        shard.connections().forEach(c -> {
            Session session = c.session();
            if (request.topic() != null && (session == null || !session.hasChannel(request.topic()))) {
                return;
            }
            if (request.q() == null && oldest.size() >= keep && c.connectionId() > oldest.peek().id()) {
                total[0]++;
                return; // counted, but newer than every row kept: no need to copy it
            }
            ConnectionRow row = ConnectionRow.of(c);
            if (!row.matches(request.q())) {
                return;
            }
            total[0]++;
            oldest.add(row);
            if (oldest.size() > keep) {
                oldest.poll();
            }
        });
        return new Page(new ArrayList<>(oldest), total[0]);
    }

    /**
     * Closes the connection numbered {@code id} on this node with 1001, as a disconnect by the
     * application; completes with whether it was found.
     */
    CompletableFuture<Boolean> disconnect(long id) {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (EventLoopShard shard : shards.all()) {
            CompletableFuture<Boolean> part = new CompletableFuture<>();
            shard.loop().execute(() -> {
                ServerConnection[] found = {null};
                shard.connections().forEach(c -> {
                    if (c.connectionId() == id) {
                        found[0] = c;
                    }
                });
                if (found[0] != null) {
                    found[0].close(CloseReason.DISCONNECT); // after the walk: closing changes the registry
                }
                part.complete(found[0] != null);
            });
            parts.add(part);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> parts.stream().anyMatch(CompletableFuture::join));
    }
}
