/**
 * The channel programming model: {@link dev.switchboard.channel.Channel channels} handle the
 * messages of one topic for one client, a {@link dev.switchboard.channel.Router} maps topics
 * (exact or trailing-splat patterns such as {@code room:*}) to channel factories, and a
 * {@link dev.switchboard.channel.ChannelContext} lets a channel reply, push and broadcast.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>Every callback of one channel instance ({@code join}, {@code handleIn},
 *       {@code handleOut}, {@code terminate}) runs on one logical thread at a time and in the
 *       order the messages arrived: a channel never needs locks for its own state.</li>
 *   <li>By default ({@link dev.switchboard.channel.Execution#WORKER}) callbacks run on a worker
 *       executor, never on a network event loop, so they may block (a database query in
 *       {@code join} is normal). On JDK 21+ workers are virtual threads.</li>
 *   <li>Channels that never block may be registered with
 *       {@link dev.switchboard.channel.Execution#EVENT_LOOP}: their callbacks run directly on the
 *       connection's event loop, saving two thread hops per message. Blocking there stalls every
 *       connection on that loop.</li>
 *   <li>Different channels (even of the same client) run concurrently with each other.</li>
 *   <li>A join is handled before any later message of the same client: the client's next
 *       messages wait until the join callback has returned and its reply is written.</li>
 *   <li>{@link dev.switchboard.channel.ChannelContext} methods that send ({@code push},
 *       {@code broadcast}, {@code reply}) are thread-safe and may be called from any thread,
 *       including after the callback returned (asynchronous replies).</li>
 * </ul>
 */
package dev.switchboard.channel;
