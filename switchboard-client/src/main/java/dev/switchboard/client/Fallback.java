package dev.switchboard.client;

import dev.switchboard.client.transport.TransportKind;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * WebSocket → long-poll fallback with phoenix.js's rules ({@code longPollFallbackMs}, spec §5.9),
 * on the socket's loop.
 *
 * <ol>
 *   <li>Once this socket has fallen back and long-poll opened without the WebSocket ever passing
 *       its health check, the choice is remembered (phoenix.js keeps it in sessionStorage; here it
 *       lives as long as the socket) and every later connect uses long-poll at once.</li>
 *   <li>Otherwise the WebSocket is opened and a timer of {@code after} starts; an error before it
 *       opens falls back at once.</li>
 *   <li>When it opens the timer restarts and a heartbeat goes out; its reply marks the WebSocket
 *       healthy and stops the timer. No reply in time: fall back (the open WebSocket is dropped,
 *       its channels rejoin over long-poll).</li>
 * </ol>
 */
final class Fallback {
    private final SocketEngine socket;
    private final Duration after;
    private boolean memorized;
    private boolean primaryPassedHealthCheck;
    private boolean primary;
    private boolean established;
    private ScheduledFuture<?> timer;
    private long attempt;

    Fallback(SocketEngine socket, Duration after) {
        this.socket = socket;
        this.after = after;
    }

    /** Starts a connect attempt over WebSocket, or long-poll at once when remembered. */
    void connect() {
        cancel();
        if (memorized) {
            fallBack();
            return;
        }
        primary = true;
        established = false;
        startTimer();
        socket.transportConnect();
    }

    /** The connection failed; true when this falls back (the caller then leaves the channels alone). */
    boolean errored() {
        if (primary && !established) {
            fallBack();
            return true;
        }
        return false;
    }

    void opened(Connection c) {
        if (!primary) {
            if (c.kind == TransportKind.LONGPOLL && !primaryPassedHealthCheck) {
                memorized = true;
            }
            return;
        }
        established = true;
        startTimer();
        long mine = attempt;
        socket.internalPing(rtt -> {
            if (mine == attempt) {
                primaryPassedHealthCheck = true;
                cancelTimer();
            }
        }, () -> { });
    }

    /** Stops the current attempt's timer (disconnect). */
    void cancel() {
        cancelTimer();
        primary = false;
    }

    /** True once the socket remembers to use long-poll. */
    boolean memorized() {
        return memorized;
    }

    private void startTimer() {
        cancelTimer();
        long mine = ++attempt;
        timer = socket.schedule(after, () -> {
            if (mine == attempt && primary) {
                fallBack();
            }
        });
    }

    private void cancelTimer() {
        attempt++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fallBack() {
        cancelTimer();
        primary = false;
        socket.replaceTransport(TransportKind.LONGPOLL);
        socket.transportConnect();
    }
}
