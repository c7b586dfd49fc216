/**
 * websocketd mode: {@code switchboard bridge} turns a program that reads stdin and writes stdout
 * into a plain WebSocket server (no Phoenix protocol), one process per connection, compatible
 * with websocketd 0.4's framing and CGI environment.
 *
 * <ul>
 *   <li>{@link dev.switchboard.bridge.websocketd.WebsocketdServer} — the server; options in
 *       {@link dev.switchboard.bridge.websocketd.WebsocketdOptions} (each with its default).</li>
 *   <li>{@code RequestRouter} and {@code ProgramUpgrade} — HTTP: upgrade (origin, {@code --dir}
 *       path, {@code --maxforks}, start), {@code GET /metrics}, {@code --staticdir}, 404.</li>
 *   <li>{@code CgiEnvironment}, {@code ScriptDirectory}, {@code StaticDirectory} — what a program
 *       sees, which program a path names, which file a path names.</li>
 *   <li>{@code ProcessConnection}, {@code Outbound} — one connection's frames and its program,
 *       with flow control both ways.</li>
 *   <li>{@link dev.switchboard.bridge.websocketd.CloseCodes} — every close code sent.</li>
 * </ul>
 *
 * <p>Promises: a program's lines reach the client in order and complete; a client that leaves
 * stops its program on websocketd's schedule; every refusal has a status or close code, a log
 * line and a counter; memory per connection is bounded whatever the program or client does.
 */
package dev.switchboard.bridge.websocketd;
