package dev.switchboard.server.drain;

import java.util.concurrent.CompletableFuture;

/**
 * A drain as its caller sees it.
 *
 * @param openAtStart connections open when this call started the drain; -1 when it found one running
 * @param done        completes when no connection is left, or at the deadline
 */
public record DrainHandle(int openAtStart, CompletableFuture<DrainResult> done) {}
