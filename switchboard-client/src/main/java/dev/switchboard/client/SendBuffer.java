package dev.switchboard.client;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Channel messages made while the socket was not open (joins, leaves), sent when it opens unless
 * their channel moved on meanwhile (another join, or closed), as phoenix.js's send buffer does.
 * Confined to the socket's loop.
 */
final class SendBuffer {
    private record Buffered(Message message, EncodedFrame frame, Channel channel) {}

    private final List<Buffered> buffered = new ArrayList<>();

    void add(Message message, EncodedFrame frame, Channel channel) {
        buffered.add(new Buffered(message, frame, channel));
    }

    void flush(Transport transport) {
        List<Buffered> pending = new ArrayList<>(buffered);
        buffered.clear();
        for (Buffered b : pending) {
            boolean outdated = b.channel != null
                    && (!Objects.equals(Ref.valueOf(b.message.joinRef()), b.channel.joinRef())
                        || b.channel.state() == ChannelState.CLOSED);
            if (!outdated) {
                transport.send(b.frame);
            }
        }
    }
}
