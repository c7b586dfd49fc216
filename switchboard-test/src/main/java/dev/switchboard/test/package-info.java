/**
 * A test kit for applications' sockets and channels: in-process, without a network, on a virtual
 * clock, running Switchboard's real session state machine, channels, serializers, PubSub,
 * presence and recovery — the counterpart of Phoenix's {@code Phoenix.ChannelTest}.
 *
 * <ul>
 *   <li>{@link dev.switchboard.test.ChannelTester} runs a {@code SocketDefinition} on one or more
 *       in-memory {@link dev.switchboard.test.TestNode nodes} and controls time;</li>
 *   <li>{@link dev.switchboard.test.ClientSocket} is a client connection (connect, heartbeat,
 *       close, reconnect), {@link dev.switchboard.test.ClientChannel} a channel of it (join, push,
 *       leave, and the {@code assert…}/{@code refute…} of what arrives), {@link
 *       dev.switchboard.test.Push} a sent message awaiting its reply;</li>
 *   <li>{@link dev.switchboard.test.TopicObserver} sees every broadcast on a topic;
 *       {@link dev.switchboard.test.ClientPresence} is a client's presence list as phoenix.js builds
 *       it; {@link dev.switchboard.test.Recovery} what a recovering join was told;</li>
 *   <li>{@link dev.switchboard.test.PayloadMatch} expresses expectations on payloads beyond
 *       equality.</li>
 * </ul>
 *
 * <p><b>Guarantees.</b> Every frame crosses the wire as bytes, through the server's serializer and
 * the client's decoder: what a test sees is what a Phoenix client would read. Assertions take the
 * oldest matching frame not yet asserted, as ExUnit's {@code assert_receive}; a failing one shows
 * the frames that did arrive. In the default deterministic mode a test runs the same way every
 * time. A kit is used from one thread at a time.
 */
package dev.switchboard.test;
