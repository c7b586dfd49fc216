package dev.switchboard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's two connections to Redis: one for PUBLISH/SPUBLISH, one subscribed to the cluster's
 * channels (a RESP2 connection in subscribe mode can do nothing else, and a separate publisher
 * keeps outgoing traffic from queueing behind incoming). Knows whether the node is connected and
 * tells listeners when it comes back.
 *
 * <p>Reconnecting is Lettuce's: its watchdog reconnects both connections with backoff, and on
 * reconnect the pub/sub connection re-issues SUBSCRIBE and SSUBSCRIBE for every channel it holds
 * (Lettuce 7.7, {@code StatefulRedisPubSubConnectionImpl.resubscribe}). This class only watches:
 * the link counts as back once Redis has confirmed every subscription again and the publisher is
 * open, and only then do {@link #onReconnect} listeners run.
 *
 * <p>While Redis is away, commands are rejected at once
 * ({@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}) rather than buffered without bound,
 * and every command has a timeout, so no caller ever waits on a dead Redis.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisOptions options;
    private final String display;
    private final RedisMetrics metrics;
    private final Set<String> expected;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> allSubscribed = new CompletableFuture<>();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> pub;
    /** SHA-1s of the scripts whose source went out on the publisher connection since it last connected. */
    private final Set<String> scriptsSent = ConcurrentHashMap.newKeySet();
    private volatile StatefulRedisPubSubConnection<String, byte[]> sub;
    private volatile long lostAtNanos;
    private volatile boolean closed;

    private RedisLink(RedisOptions options, RedisChannels channels, RedisMetrics metrics) {
        this.options = options;
        this.display = options.displayUri();
        this.metrics = metrics;
        this.expected = Set.copyOf(concat(channels.plainChannels(options.nodeId()), channels.shardChannels()));
        Duration maxDelay = options.maxReconnectDelay();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), maxDelay, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(options.uri());
        uri.setTimeout(options.commandTimeout()); // for the synchronous calls made while starting
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(options.commandTimeout()).keepAlive(true).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lost(connection);
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == pub) {
                    scriptsSent.clear(); // a restarted Redis has no scripts cached
                }
                maybeRecovered();
            }
        });
    }

    /**
     * Connects, subscribes to every channel and waits (at most the command timeout) for Redis to
     * confirm. {@code inbox} gets each message with its channel, on a Lettuce thread.
     *
     * @throws RedisConnectException naming the URI and the reason
     */
    static RedisLink open(RedisOptions options, RedisChannels channels, RedisMetrics metrics,
                          BiConsumer<String, byte[]> inbox) {
        RedisLink link = new RedisLink(options, channels, metrics);
        try {
            link.start(channels, inbox);
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw new RedisConnectException("cannot connect to Redis at " + link.display + ": " + reason(e), e);
        }
    }

    private void start(RedisChannels channels, BiConsumer<String, byte[]> inbox) {
        pub = client.connect(CODEC);
        String own = channels.node(options.nodeId());
        Map<String, Long> listening = pub.sync().pubsubNumsub(own);
        if (listening.getOrDefault(own, 0L) > 0) {
            throw new IllegalStateException("another node with id '" + options.nodeId()
                    + "' is already connected to this Redis (every node needs its own id)");
        }
        StatefulRedisPubSubConnection<String, byte[]> s = client.connectPubSub(CODEC);
        s.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                inbox.accept(channel, message);
            }

            @Override
            public void smessage(String shardChannel, byte[] message) {
                inbox.accept(shardChannel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                confirm(channel);
            }

            @Override
            public void ssubscribed(String shardChannel, long count) {
                confirm(shardChannel);
            }
        });
        sub = s;
        s.async().subscribe(channels.plainChannels(options.nodeId()).toArray(String[]::new));
        if (channels.sharded()) {
            s.async().ssubscribe(channels.shardChannels().toArray(String[]::new));
        }
        try {
            allSubscribed.get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not confirm " + expected.size() + " subscriptions within "
                    + options.commandTimeout().toMillis() + " ms" + (channels.sharded() ? " (sharded pub/sub needs Redis 7)" : ""));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing");
        }
        log.info("Connected to Redis at {} as node {}, subscribed {} channels", display, options.nodeId(), expected.size());
    }

    /** PUBLISH (or SPUBLISH when {@code sharded}); completes with the number of receivers, counted in the metrics. */
    CompletableFuture<Long> publish(String channel, byte[] message, boolean sharded) {
        StatefulRedisConnection<String, byte[]> p = pub;
        CompletableFuture<Long> sent;
        if (closed || p == null) {
            sent = CompletableFuture.failedFuture(new IllegalStateException("the Redis link is closed"));
        } else {
            sent = (sharded ? p.async().spublish(channel, message) : p.async().publish(channel, message)).toCompletableFuture();
        }
        return sent.whenComplete((n, e) -> metrics.published(e == null));
    }

    /**
     * Runs a script. Its first use on the publisher connection (after every reconnect too) sends
     * the source; later uses send only its SHA-1, which Redis then has cached, because it runs a
     * connection's commands in the order they were sent. Trying the SHA-1 first and falling back
     * to the source on NOSCRIPT would let the commands sent meanwhile overtake the one that fell
     * back: a publisher's broadcasts would take their offsets out of order. The fallback remains
     * for a cache emptied without a reconnect ({@code SCRIPT FLUSH}). Completes with the script's
     * array reply: integers as {@link Long}, strings as {@code byte[]}.
     */
    CompletableFuture<List<Object>> eval(HistoryScripts.Script script, String[] keys, byte[]... args) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (closed || p == null) {
            return CompletableFuture.failedFuture(new CommandNotSentException(new IllegalStateException("the Redis link is closed")));
        }
        if (!scriptsSent.contains(script.sha())) {
            synchronized (scriptsSent) {
                if (!scriptsSent.contains(script.sha())) {
                    CompletableFuture<List<Object>> bySource = bySource(p, script, keys, args);
                    if (!bySource.isCompletedExceptionally()) {
                        scriptsSent.add(script.sha()); // only now: whoever sees it sends after the source
                    }
                    return bySource;
                }
            }
        }
        CompletableFuture<List<Object>> bySha = sent(p.async()
                .<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).toCompletableFuture());
        return bySha.handle((reply, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(reply);
            }
            Throwable cause = cause(e);
            if (cause instanceof RedisNoScriptException) {
                scriptsSent.remove(script.sha());
                return bySource(p, script, keys, args);
            }
            return CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private static CompletableFuture<List<Object>> bySource(StatefulRedisConnection<String, byte[]> p,
                                                            HistoryScripts.Script script, String[] keys, byte[]... args) {
        return sent(p.async().<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture());
    }

    /** What failed a command's future: the exception inside a {@link CompletionException}. */
    static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Lettuce refuses a command at once, in the calling thread, when it cannot be written (no
     * connection): such a failure says Redis never saw it, which callers may need to know.
     */
    private static <T> CompletableFuture<T> sent(CompletableFuture<T> command) {
        if (!command.isCompletedExceptionally()) {
            return command;
        }
        return command.handle((v, e) -> {
            Throwable cause = cause(e);
            // An error reply (NOSCRIPT, say) can be that quick too: Redis saw that one.
            return CompletableFuture.<T>failedFuture(cause instanceof RedisCommandExecutionException ? cause
                    : new CommandNotSentException(cause));
        }).thenCompose(f -> f);
    }

    /**
     * The value at {@code key}, set to {@code candidate} first when there is none (SET NX, then
     * GET: whichever node comes first decides, the others read its value). Blocks up to the
     * command timeout; for start-up, not for event loops.
     */
    byte[] getOrCreate(String key, byte[] candidate) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (closed || p == null) {
            throw new IllegalStateException("the Redis link is closed");
        }
        p.sync().set(key, candidate, io.lettuce.core.SetArgs.Builder.nx());
        byte[] value = p.sync().get(key);
        if (value == null) {
            throw new IllegalStateException("Redis lost " + key + " right after it was set");
        }
        return value;
    }

    /** True while both connections are open and every subscription is confirmed. */
    boolean connected() {
        StatefulRedisConnection<String, byte[]> p = pub;
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return !closed && p != null && s != null && p.isOpen() && s.isOpen() && confirmed.size() == expected.size();
    }

    /** Nanos ({@link System#nanoTime}) when the current outage began; meaningful while not connected. */
    long lostAtNanos() {
        return lostAtNanos;
    }

    int channelCount() {
        return expected.size();
    }

    String displayUri() {
        return display;
    }

    boolean closed() {
        return closed;
    }

    void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    private void confirm(String channel) {
        if (expected.contains(channel)) {
            confirmed.add(channel);
        }
        if (confirmed.size() == expected.size()) {
            allSubscribed.complete(null);
            maybeRecovered();
        }
    }

    private void lost(RedisChannelHandler<?, ?> connection) {
        if (closed || (connection != pub && connection != sub)) {
            return;
        }
        if (connection == sub) {
            confirmed.clear(); // every subscription must be confirmed again after the reconnect
        } else {
            scriptsSent.clear(); // the Redis it reconnects to may not have them
        }
        if (outage.compareAndSet(false, true)) {
            lostAtNanos = System.nanoTime();
            log.warn("Lost connection to Redis at {}; broadcasts now reach this node's clients only. Reconnecting…", display);
        }
    }

    private void maybeRecovered() {
        if (!connected() || !outage.compareAndSet(true, false)) {
            return;
        }
        metrics.reconnected();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos);
        log.info("Reconnected to Redis at {} after {} ms, resubscribed {} channels", display, ms, expected.size());
        for (Runnable listener : reconnectListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("A reconnect listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        StatefulRedisConnection<String, byte[]> p = pub;
        if (s != null) {
            s.close();
        }
        if (p != null) {
            p.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !reason.toString().contains(c.getMessage())) {
                reason.append(": ").append(c.getMessage());
            }
        }
        return reason.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
