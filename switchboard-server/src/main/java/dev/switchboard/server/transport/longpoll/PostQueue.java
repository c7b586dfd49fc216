package dev.switchboard.server.transport.longpoll;

import dev.switchboard.protocol.Message;
import dev.switchboard.server.io.EventLoopShard;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POSTs of one long-poll session, dispatched line by line in order (spec §5.4).
 *
 * <p>A POST is answered {@code {"status":200}} once every line has been handed to the session.
 * While the session holds reading back (a join running on a worker, see
 * {@link dev.switchboard.socket.Transport#setReading}) the remaining lines wait, and so does the
 * answer: phoenix.js sends its next POST only after that answer, so this is the long-poll form of
 * TCP back-pressure and keeps the session's own queue small. A POST still unfinished after the
 * poll window is answered {@code {"status":408}} and its remaining lines are dropped, as Phoenix
 * does. Shard-confined.
 */
final class PostQueue {
    private static final Logger log = LoggerFactory.getLogger(PostQueue.class);
    /** POSTs that may wait behind an unfinished one; phoenix.js never has more than one in flight. */
    static final int MAX_WAITING = 8;

    private final LongPollSession owner;
    private final EventLoopShard shard;
    private final long windowMillis;
    private final ArrayDeque<PendingPost> queue = new ArrayDeque<>(2);
    private boolean reading = true;
    private boolean pumping;

    PostQueue(LongPollSession owner, EventLoopShard shard, long windowMillis) {
        this.owner = owner;
        this.shard = shard;
        this.windowMillis = windowMillis;
    }

    /** Decodes the body (all lines, before any is dispatched) and queues it. */
    void add(LongPollRequest req) {
        List<Message> messages;
        try {
            messages = PostBody.decode(req.body(), req.header(HttpHeaderNames.CONTENT_TYPE), owner.session().serializer());
        } catch (PostBody.BadBodyException e) {
            log.debug("Refused a long-poll POST on {}: {}", owner.mountPath(), e.getMessage());
            LongPollResponses.error(req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (queue.size() >= MAX_WAITING) {
            log.debug("Refused a long-poll POST on {}: {} earlier POSTs still wait", owner.mountPath(), queue.size());
            LongPollResponses.status(req, LongPollProtocol.TOO_MANY);
            return;
        }
        queue.add(new PendingPost(req, messages));
        pump();
    }

    void setReading(boolean reading) {
        this.reading = reading;
        if (reading) {
            pump();
        }
    }

    /** The session is gone: every waiting POST is answered 410. */
    void closeAll() {
        PendingPost post;
        while ((post = queue.poll()) != null) {
            post.cancelTimeout();
            LongPollResponses.status(post.request, LongPollProtocol.GONE);
        }
    }

    private void pump() {
        if (pumping) {
            return; // re-entered from a session callback; the outer loop carries on
        }
        pumping = true;
        try {
            PendingPost post;
            while ((post = queue.peek()) != null) {
                while (post.next < post.messages.size() && reading && !owner.isClosed()) {
                    owner.session().receive(post.messages.get(post.next++));
                }
                if (owner.isClosed()) {
                    return; // closeAll has answered everything
                }
                if (post.next < post.messages.size()) {
                    armTimeout(post);
                    return;
                }
                queue.poll();
                post.cancelTimeout();
                LongPollResponses.status(post.request, LongPollProtocol.OK);
            }
        } finally {
            pumping = false;
        }
    }

    private void armTimeout(PendingPost post) {
        if (post.timeout != null) {
            return;
        }
        post.timeout = shard.loop().schedule(() -> {
            if (queue.peek() != post) {
                return;
            }
            queue.poll();
            log.debug("Long-poll POST on {} timed out: {} of {} lines not taken within the window",
                    owner.mountPath(), post.messages.size() - post.next, post.messages.size());
            LongPollResponses.status(post.request, LongPollProtocol.TIMEOUT);
            pump();
        }, windowMillis, TimeUnit.MILLISECONDS);
    }

    private static final class PendingPost {
        private final LongPollRequest request;
        private final List<Message> messages;
        private int next;
        private ScheduledFuture<?> timeout;

        PendingPost(LongPollRequest request, List<Message> messages) {
            this.request = request;
            this.messages = messages;
        }

        void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }
}
