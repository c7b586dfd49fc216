/**
 * Child processes, shared by both bridge modes: how a program is started, fed and stopped.
 *
 * <ul>
 *   <li>{@link dev.switchboard.bridge.process.Program} says what to run: an argv executed directly
 *       (no shell unless {@code shell} is asked for), its working directory, the allow-list of
 *       the server's environment variables it may see, and whether it gets pipes (the default)
 *       or a pseudo-terminal ({@code pty}, for programs that block-buffer a pipe).</li>
 *   <li>{@link dev.switchboard.bridge.process.Launcher} starts it with a clean environment and
 *       returns a {@link dev.switchboard.bridge.process.ChildProcess}: stdin written by a
 *       bounded queue on its own thread, stdout read on its own thread into a
 *       {@link dev.switchboard.bridge.process.StdoutHandler} that may block (backpressure
 *       reaches the program through the pipe), stderr logged line by line.</li>
 *   <li>{@link dev.switchboard.bridge.process.ShutdownSchedule} is how a program is stopped, as
 *       websocketd does it: close stdin, then SIGINT, SIGTERM and SIGKILL at fixed steps
 *       stretched by {@code closeMs}. Every child is reaped (the JDK's reaper waits for it), and
 *       the SIGKILL step also kills what the program itself started.</li>
 *   <li>{@link dev.switchboard.bridge.process.ProcessLimit} caps how many run at once;
 *       {@link dev.switchboard.bridge.process.LineSplitter} and
 *       {@link dev.switchboard.bridge.process.TokenBucket} cap line length and line rate.</li>
 * </ul>
 *
 * <p>Guarantees: a started child is always stopped and reaped, whichever side ends first; memory
 * per child is bounded (the stdin queue, one read buffer, one line); nothing a program writes is
 * dropped silently (an over-long line is refused and reported to the caller).
 */
package dev.switchboard.bridge.process;
