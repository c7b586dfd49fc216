package dev.switchboard.server;

import java.util.Objects;

/**
 * Where and how the server listens.
 *
 * @param host          address to bind (default {@value #DEFAULT_HOST}: only this machine can connect;
 *                      {@code 0.0.0.0} accepts remote clients)
 * @param port          TCP port (default {@value #DEFAULT_PORT}; 0 picks a free one)
 * @param ioThreads     event loops, each owning its connections (default: one per core, as every
 *                      connection is served by one loop and more loops than cores only add
 *                      switching); at most {@value dev.switchboard.exec.Shard#MAX_SHARDS}
 * @param acceptBacklog connections the kernel queues before the server accepts them (default
 *                      {@value #DEFAULT_ACCEPT_BACKLOG}: a reconnect storm of thousands of clients
 *                      must not meet refused SYNs; the kernel caps it at {@code somaxconn})
 */
public record ListenOptions(String host, int port, int ioThreads, int acceptBacklog) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4000;
    public static final int DEFAULT_ACCEPT_BACKLOG = 4096;

    /** Every default; {@code ioThreads} is this machine's core count. */
    public static final ListenOptions DEFAULTS = new ListenOptions(DEFAULT_HOST, DEFAULT_PORT,
            Runtime.getRuntime().availableProcessors(), DEFAULT_ACCEPT_BACKLOG);

    public ListenOptions {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (ioThreads < 1 || ioThreads > dev.switchboard.exec.Shard.MAX_SHARDS) {
            throw new IllegalArgumentException("ioThreads must be 1-" + dev.switchboard.exec.Shard.MAX_SHARDS
                    + ", got " + ioThreads);
        }
        if (acceptBacklog < 1) {
            throw new IllegalArgumentException("acceptBacklog must be at least 1, got " + acceptBacklog);
        }
    }

    public ListenOptions withHost(String value) {
        return new ListenOptions(value, port, ioThreads, acceptBacklog);
    }

    public ListenOptions withPort(int value) {
        return new ListenOptions(host, value, ioThreads, acceptBacklog);
    }

    public ListenOptions withIoThreads(int value) {
        return new ListenOptions(host, port, value, acceptBacklog);
    }

    public ListenOptions withAcceptBacklog(int value) {
        return new ListenOptions(host, port, ioThreads, value);
    }

    /**
     * What {@code start()} throws when binding {@code host:port} failed with {@code e}: an
     * {@link java.io.UncheckedIOException} (with the {@link java.net.BindException} as cause when
     * the address is taken), else an {@link IllegalStateException}.
     */
    RuntimeException bindFailure(Exception e) {
        if (e instanceof java.net.BindException bind) {
            return new java.io.UncheckedIOException("cannot listen on " + host + ":" + port + ": " + bind.getMessage(), bind);
        }
        if (e instanceof java.io.IOException ioe) {
            return new java.io.UncheckedIOException(ioe);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("server failed to start", e);
    }
}
