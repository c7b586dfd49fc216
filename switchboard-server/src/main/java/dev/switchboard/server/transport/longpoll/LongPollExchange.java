package dev.switchboard.server.transport.longpoll;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Where the answer to one long-poll request goes: the HTTP connection it arrived on
 * ({@link HttpExchange}), or — for a request another node forwarded because this node owns the
 * session — back over the cluster bus to that node ({@link ForwardedExchange}). Sessions and
 * POST queues answer through this and never see which one it is.
 */
interface LongPollExchange {

    /** False once the client can no longer receive an answer (its connection closed, the forward was cancelled). */
    boolean isOpen();

    /** Allocator for answer bodies. */
    ByteBufAllocator alloc();

    /**
     * Sends the answer; takes ownership of {@code response}. The future completes when the answer
     * was handed on (written to the socket; for a forwarded GET, written by the forwarding node),
     * exceptionally when it could not be — the caller may then keep what the answer carried.
     */
    CompletableFuture<Void> answer(FullHttpResponse response);

    /**
     * Runs {@code listener} once when the client goes away before being answered. Returns what
     * undoes the registration (so a keep-alive connection carrying many polls collects none).
     */
    Runnable onClose(Runnable listener);
}
