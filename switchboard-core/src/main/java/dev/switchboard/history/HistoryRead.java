package dev.switchboard.history;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import java.util.List;
import java.util.Objects;

/**
 * What a topic's history says about the messages after a position: the messages (each with its
 * {@link Broadcast#position()}, in offset order), the position of the topic's latest message, and
 * whether they are everything that came after (RECOVERY.md §3).
 *
 * @param latest   the position of the latest message, {@code 0@epoch} for an empty stream; null
 *                 only when the topic keeps no history
 * @param messages what came after the asked position, oldest first (empty unless recovered)
 * @param reason   null when {@code messages} are complete; otherwise why not
 */
public record HistoryRead(Position latest, List<Broadcast> messages, RecoveryFailure reason) {

    public HistoryRead {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    }

    /** Everything after the asked position is in {@code messages}. */
    public static HistoryRead recovered(Position latest, List<Broadcast> messages) {
        return new HistoryRead(Objects.requireNonNull(latest, "latest"), messages, null);
    }

    /** The messages after the asked position cannot be given, for {@code reason}. */
    public static HistoryRead failed(Position latest, RecoveryFailure reason) {
        return new HistoryRead(latest, List.of(), Objects.requireNonNull(reason, "reason"));
    }

    public boolean recovered() {
        return reason == null;
    }
}
