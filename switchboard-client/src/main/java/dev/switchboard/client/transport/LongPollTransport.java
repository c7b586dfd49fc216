package dev.switchboard.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The long-poll transport, with phoenix.js 1.8 semantics (spec §5).
 *
 * <p>One GET is in flight at a time: the first, without a token, creates the session
 * ({@code 410} + token means open); {@code 200} delivers the {@code messages} strings in order and
 * polls again, {@code 204} polls again, {@code 410} with a token means the session is gone (close
 * 3410, the socket reconnects and rejoins), {@code 403} closes 1008, anything else (or an
 * unreadable body) closes 1011, a request timeout closes 1005. The status is read from the JSON
 * body, never from HTTP. Sends made in one turn of the socket's loop go out as one ndjson POST of
 * at most 100 lines (binary frames as base64 lines); while a POST is in flight further sends
 * queue for the next one; a POST that is not answered {@code {"status":200}} closes 1011. The auth
 * token travels as {@code X-Phoenix-AuthToken} on GETs only. No heartbeats (the poll is one).
 */
final class LongPollTransport implements Transport {
    static final int MAX_BATCH = 100;
    static final String NDJSON = "application/x-ndjson";

    private enum State { CONNECTING, OPEN, CLOSED }

    private final TransportContext context;
    private final String url;
    private final String authToken;
    private final TransportListener listener;
    private final Set<CompletableFuture<?>> requests = new HashSet<>();
    private State state = State.CONNECTING;
    private String token;
    private List<String> currentBatch;
    private boolean awaitingAck;
    private List<String> batchBuffer = new ArrayList<>();

    private LongPollTransport(TransportContext context, String url, String authToken, TransportListener listener) {
        this.context = context;
        this.url = url;
        this.authToken = authToken;
        this.listener = listener;
    }

    static LongPollTransport open(TransportContext context, URI url, String authToken, TransportListener listener) {
        LongPollTransport transport = new LongPollTransport(context, url.toString(), authToken, listener);
        transport.poll();
        return transport;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.LONGPOLL;
    }

    private synchronized boolean active() {
        return state != State.CLOSED;
    }

    private synchronized URI endpoint() {
        return URI.create(EndpointUrls.withToken(url, token));
    }

    private void poll() {
        if (!active()) {
            return;
        }
        HttpRequest.Builder get = HttpRequest.newBuilder(endpoint()).GET()
                .timeout(context.longPollTimeout())
                .header("Accept", "application/json");
        if (authToken != null) {
            get.header("X-Phoenix-AuthToken", authToken);
        }
        request(get.build(), this::onPoll);
    }

    private void onPoll(JsonNode body, Throwable error) {
        if (!active()) {
            return;
        }
        if (error instanceof HttpTimeoutException) {
            closeAndRetry(new TransportException("long-poll request timed out after " + context.longPollTimeout(), 0), 1005, "timeout");
            return;
        }
        int status = body == null ? 0 : body.path("status").asInt(0);
        synchronized (this) {
            if (status == 410 && token != null) {
                // We had a session and it is gone: fail so that the socket reconnects and rejoins.
                closeAndRetry(new TransportException("long-poll session gone (410)", 410), 3410, "session_gone");
                return;
            }
            if (body != null && body.hasNonNull("token")) {
                token = body.get("token").asText();
            }
        }
        switch (status) {
            case 200 -> {
                for (JsonNode message : body.path("messages")) {
                    if (!active()) {
                        return;
                    }
                    listener.onFrame(message.asText().getBytes(StandardCharsets.UTF_8), false);
                }
                poll();
            }
            case 204 -> poll();
            case 410 -> {
                synchronized (this) {
                    if (state != State.CONNECTING) {
                        return;
                    }
                    state = State.OPEN;
                }
                listener.onOpen();
                poll();
            }
            case 403 -> {
                stop();
                listener.onError(new TransportException("long-poll connection refused (403)", 403));
                listener.onClose(1008, "forbidden");
            }
            case 0, 500 -> closeAndRetry(error != null ? error
                    : new TransportException("long-poll poll failed: " + (body == null ? "unreadable response" : "status 500"), status),
                    1011, "internal server error");
            default -> closeAndRetry(new TransportException("unhandled long-poll status " + status, status),
                    1011, "internal server error");
        }
    }

    @Override
    public void send(EncodedFrame frame) {
        String line = frame.binary() ? Base64.getEncoder().encodeToString(frame.bytes()) : frame.text();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            if (currentBatch != null) {
                currentBatch.add(line);
                return;
            }
            if (awaitingAck) {
                batchBuffer.add(line);
                return;
            }
            currentBatch = new ArrayList<>(List.of(line));
        }
        // Everything sent in this turn of the loop joins the batch; it goes out on the next turn.
        context.later().execute(() -> {
            List<String> batch;
            synchronized (this) {
                batch = currentBatch;
                currentBatch = null;
            }
            if (batch != null) {
                batchSend(batch, 0);
            }
        });
    }

    private void batchSend(List<String> messages, int offset) {
        int size = context.ndjson() ? MAX_BATCH : 1;
        int next = Math.min(offset + size, messages.size());
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            awaitingAck = true;
        }
        String body = String.join("\n", messages.subList(offset, next));
        HttpRequest post = HttpRequest.newBuilder(endpoint())
                .timeout(context.longPollTimeout())
                .header("Content-Type", context.ndjson() ? NDJSON : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        request(post, (response, error) -> {
            if (!active()) {
                return;
            }
            int status = response == null ? 0 : response.path("status").asInt(0);
            if (status != 200) {
                Throwable cause = error != null ? error : new TransportException("long-poll send answered status " + status, status);
                closeAndRetry(cause, 1011, "internal server error");
                return;
            }
            List<String> more = null;
            synchronized (this) {
                if (next >= messages.size()) {
                    if (batchBuffer.isEmpty()) {
                        awaitingAck = false;
                        return;
                    }
                    more = batchBuffer;
                    batchBuffer = new ArrayList<>();
                }
            }
            if (more != null) {
                batchSend(more, 0);
            } else {
                batchSend(messages, next);
            }
        });
    }

    private interface Outcome {
        void accept(JsonNode body, Throwable error);
    }

    /** Sends a request; the outcome is the parsed JSON body (null when unreadable) or the error. */
    private void request(HttpRequest request, Outcome outcome) {
        CompletableFuture<HttpResponse<byte[]>> call =
                context.http().sendAsync(request, LimitedBody.handler(context.maxMessageBytes()));
        synchronized (this) {
            requests.add(call);
        }
        call.whenComplete((response, error) -> {
            synchronized (this) {
                if (!requests.remove(call)) {
                    return; // stopped meanwhile: not ours anymore
                }
            }
            if (error != null) {
                outcome.accept(null, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                return;
            }
            outcome.accept(parse(response.body()), null);
        });
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void closeAndRetry(Throwable error, int code, String reason) {
        if (!stop()) {
            return;
        }
        listener.onError(error);
        listener.onClose(code, reason);
    }

    /** Cancels requests and queued sends; false when already stopped. */
    private boolean stop() {
        List<CompletableFuture<?>> pending;
        synchronized (this) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            pending = new ArrayList<>(requests);
            requests.clear();
            currentBatch = null;
            batchBuffer = new ArrayList<>();
            awaitingAck = false;
        }
        pending.forEach(call -> call.cancel(true));
        return true;
    }

    @Override
    public void close(int code, String reason) {
        stop();
    }

    @Override
    public void abort() {
        stop();
    }
}
