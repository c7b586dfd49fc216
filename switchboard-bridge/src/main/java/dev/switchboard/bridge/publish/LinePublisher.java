package dev.switchboard.bridge.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.channel.LineFormat;
import dev.switchboard.bridge.channel.ProgramOutput;
import dev.switchboard.bridge.process.LineSplitter;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every line of a stream to a topic. The stream is read on the calling thread; a second
 * thread sends batches; between them a queue of {@code 2 × maxBatch} messages, so a producer
 * faster than the server waits in its own writes instead of growing this process's memory.
 *
 * <p>A line is refused, with a message on the error stream, when it is over the length cap or
 * (JSON format) not a JSON object, or a {@code reply}/{@code push} (a topic has no single client).
 * A batch the server refuses (4xx: a bad topic, a bad key) is reported with the server's reason and
 * its messages counted as refused; a server that cannot be reached (or answers 5xx) is retried three
 * times, 0.5, 1 and 2 s apart, then publishing stops with an error. A batch the server published
 * in part is retried with the messages it names as not published only.
 */
public final class LinePublisher {
    /**
     * What was published and what was not.
     *
     * @param uncertain messages whose fate the server could not tell (its history store's answer
     *                  was lost, HTTP 504): they may have been published and were not sent again
     */
    public record Result(long published, long refused, long uncertain, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private record Message(String event, Payload payload) {}

    private static final Message END = new Message("", Payload.empty());

    private final PublishOptions options;
    private final PrintStream errors;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<Message> queue;
    private long refused;
    private volatile long published;
    private volatile long refusedByServer;
    private volatile long uncertain;
    private volatile String failure;

    /** @param errors where refused lines and failures are reported (stderr for the command) */
    public LinePublisher(PublishOptions options, PrintStream errors) {
        this.options = options;
        this.errors = errors;
        this.queue = new ArrayBlockingQueue<>(options.maxBatch() * 2);
    }

    /** Publishes every line of {@code in} until it ends (or publishing fails); blocks until all are sent. */
    public Result publish(InputStream in) {
        Thread sender = new Thread(this::sendLoop, "publish-sender");
        sender.setDaemon(true);
        sender.start();
        LineSplitter lines = new LineSplitter(options.maxLineBytes(), new LineSplitter.LineSink() {
            @Override
            public void line(byte[] line, int length) throws InterruptedException {
                Message m = toMessage(line, length);
                if (m != null && failure == null) {
                    queue.put(m);
                }
            }

            @Override
            public void overlong(long length) {
                refuse("a line of " + length + " bytes, over the " + options.maxLineBytes() + "-byte cap");
            }

            @Override
            public void end() {}
        });
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while (failure == null && (n = in.read(buffer)) >= 0) {
                lines.chunk(buffer, n);
            }
        } catch (IOException e) {
            // the stream broke: publish what was read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lines.end();
        }
        try {
            queue.put(END);
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(published, refused + refusedByServer, uncertain, failure);
    }

    private Message toMessage(byte[] line, int length) {
        ProgramOutput out = options.format() == LineFormat.LINES ? ProgramOutput.line(line, length) : ProgramOutput.parse(line, length);
        if (out instanceof ProgramOutput.Broadcast b) {
            return new Message(b.event(), b.payload());
        }
        if (out instanceof ProgramOutput.Data d) {
            return new Message(options.format() == LineFormat.LINES ? d.event() : options.event(), d.payload());
        }
        if (out instanceof ProgramOutput.Invalid invalid) {
            refuse(invalid.reason());
        } else {
            refuse("a topic has no single client to reply or push to; write {\"broadcast\": EVENT, \"payload\": {...}} or plain objects");
        }
        return null;
    }

    private void refuse(String reason) {
        refused++;
        errors.println("publish: line refused: " + reason);
    }

    private void sendLoop() {
        List<Message> batch = new ArrayList<>(options.maxBatch());
        boolean ended = false;
        try {
            while (!ended) {
                Message first = queue.take();
                if (first == END) {
                    break;
                }
                batch.add(first);
                long deadline = System.nanoTime() + options.linger().toNanos();
                while (batch.size() < options.maxBatch()) {
                    Message next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (next == END) {
                        ended = true;
                        break;
                    }
                    batch.add(next);
                }
                if (!send(batch)) {
                    queue.clear();
                    return;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one batch; false when publishing must stop. When the server published part of it (a
     * 503 or 504 naming the messages that were not, or may not have been, published), only those
     * it says nobody received are sent again: resending the rest would deliver them twice.
     */
    private boolean send(List<Message> batch) throws InterruptedException {
        List<Message> pending = batch;
        long[] backoffMs = {500, 1000, 2000};
        for (int attempt = 0; ; attempt++) {
            String problem;
            try {
                HttpResponse<String> response = http.send(request(pending), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 202) {
                    published += pending.size();
                    return true;
                }
                String reason = reason(response.body());
                if (status >= 400 && status < 500) {
                    refusedByServer += pending.size();
                    errors.println("publish: the server refused " + pending.size() + " messages (HTTP " + status + "): " + reason);
                    if (status == 401 || status == 403) {
                        failure = "the server refused the API key (HTTP " + status + "): " + reason;
                        return false;
                    }
                    return true;
                }
                PartialPublish partial = PartialPublish.parse(response.body(), pending.size());
                if (partial != null) {
                    published += partial.published();
                    if (!partial.unknown().isEmpty()) {
                        uncertain += partial.unknown().size();
                        errors.println("publish: " + partial.unknown().size() + " messages may or may not have been "
                                + "published (" + reason + "); not sent again, so that none arrives twice");
                    }
                    pending = partial.failed().stream().map(pending::get).toList();
                    if (pending.isEmpty()) {
                        return true;
                    }
                }
                problem = "HTTP " + status + ": " + reason;
            } catch (IOException e) {
                problem = "cannot reach " + options.server() + ": " + e.getMessage();
            }
            if (attempt >= backoffMs.length) {
                failure = problem;
                errors.println("publish: giving up: " + problem);
                return false;
            }
            Thread.sleep(backoffMs[attempt]);
        }
    }

    private HttpRequest request(List<Message> batch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.server().resolve("/api/broadcast"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)));
        if (options.apiKey() != null) {
            request.header("Authorization", "Bearer " + options.apiKey());
        }
        return request.build();
    }

    private byte[] body(List<Message> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 64);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("messages");
            for (Message m : batch) {
                g.writeStartObject();
                g.writeStringField("topic", options.topic());
                g.writeStringField("event", m.event());
                g.writeFieldName("payload");
                g.writeRawValue(new String(((JsonPayload) m.payload()).bytes(), StandardCharsets.UTF_8));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String reason(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return json.path("error").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}
