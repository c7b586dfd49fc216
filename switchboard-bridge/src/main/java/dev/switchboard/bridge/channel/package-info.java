/**
 * Programs behind Phoenix channels ({@code serve --bridge}): a topic pattern served by a program,
 * one process per join ({@link dev.switchboard.bridge.channel.BridgeMode#PER_JOIN}) or one per
 * topic shared by its subscribers ({@link dev.switchboard.bridge.channel.BridgeMode#PER_TOPIC}),
 * speaking JSON lines or plain lines ({@link dev.switchboard.bridge.channel.LineFormat}).
 *
 * <ul>
 *   <li>{@link dev.switchboard.bridge.channel.Bridges} — the set, routed onto a socket and attached
 *       to a server; {@link dev.switchboard.bridge.channel.ChannelBridge} — one pattern and its
 *       options; {@link dev.switchboard.bridge.channel.BridgeSpecs} — the {@code --bridge} syntax.</li>
 *   <li>{@code PerJoinChannel}, {@code PerTopicChannel} — the channels;
 *       {@code TopicProcesses}/{@code TopicProcess} — shared programs, grace periods;
 *       {@code TopicOwnership} — which node of a cluster runs a topic's program.</li>
 *   <li>{@code ProgramEnvironment}, {@code StdinMessages}, {@code ProgramOutput},
 *       {@code OutputReader} — what a program sees, reads and writes;
 *       {@link dev.switchboard.bridge.channel.SocketParams} — connect params for programs.</li>
 * </ul>
 *
 * <p>Promises: a per-join program's replies reach the push they answer (by ref); its exit ends the
 * channel ({@code phx_close} for status 0, {@code phx_error} otherwise); leaving stops it on the
 * shutdown schedule. A per-topic program runs once per topic (once per cluster, after at most one
 * presence round trip of overlap), its lines are broadcast through the server's ordinary broadcast
 * path, and it stops a grace period after its last subscriber. Every refusal is counted by reason
 * and told to the client (a reply or join error with {@code reason}, or a {@code bridge_error} push).
 */
package dev.switchboard.bridge.channel;
