package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Head-of-line joins and non-nesting handling. */
class InboundQueueTest {
    private final List<String> handled = new ArrayList<>();
    private Consumer<Message> onHandle = m -> {};
    private final InboundQueue queue = new InboundQueue(m -> {
        handled.add(m.event());
        onHandle.accept(m);
    });

    private static Message msg(String event) {
        return Message.of(null, null, "room:a", event, Payload.empty());
    }

    @Test
    void handlesAtOnceWhenNothingWaits() {
        queue.offer(msg("a"));
        assertThat(handled).containsExactly("a");
    }

    @Test
    void whileHeldMessagesWaitAndAreHandledInOrderOnRelease() {
        queue.offer(msg("join"));
        queue.hold();
        queue.offer(msg("b"));
        queue.offer(msg("c"));
        assertThat(handled).containsExactly("join");

        queue.release();

        assertThat(handled).containsExactly("join", "b", "c");
    }

    @Test
    void aJoinReleasedInlineLetsTheNextMessageThroughInTheSameCall() {
        onHandle = m -> {
            if (m.event().equals("join")) {
                queue.hold();
                queue.release(); // an event-loop channel answers before offer returns
            }
        };
        queue.offer(msg("join"));
        queue.offer(msg("b"));
        assertThat(handled).containsExactly("join", "b");
    }

    @Test
    void aSecondJoinWhileDrainingHoldsTheRest() {
        queue.hold();
        queue.offer(msg("b"));
        queue.offer(msg("join2"));
        queue.offer(msg("c"));
        onHandle = m -> {
            if (m.event().equals("join2")) {
                queue.hold();
            }
        };

        queue.release();
        assertThat(handled).containsExactly("b", "join2");
        queue.release();
        assertThat(handled).containsExactly("b", "join2", "c");
    }

    @Test
    void handlingNeverNests() {
        List<String> trace = new ArrayList<>();
        onHandle = m -> {
            trace.add("start " + m.event());
            if (m.event().equals("a")) {
                queue.offer(msg("b")); // e.g. a reply path feeding the session again
            }
            trace.add("end " + m.event());
        };
        queue.offer(msg("a"));
        assertThat(trace).containsExactly("start a", "end a", "start b", "end b");
    }

    @Test
    void afterCloseNothingMoreIsHandled() {
        queue.hold();
        queue.offer(msg("b"));
        queue.close();
        queue.release();
        queue.offer(msg("c"));
        assertThat(handled).isEmpty();
    }
}
