package dev.switchboard.test.junit;

import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.test.ChannelTester;
import dev.switchboard.test.TesterOptions;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A {@link ChannelTester} that JUnit 5 runs: register it as a field and use it as the tester.
 *
 * <pre>{@code
 * class RoomChannelTest {
 *     @RegisterExtension
 *     final ChannelTesterExtension kit = ChannelTesterExtension.of(MyApp.socket());
 *
 *     @Test
 *     void pingEchoes() {
 *         kit.connect(Map.of()).subscribeAndJoin("room:lobby").push("ping", Map.of("n", 1)).assertOk(Map.of("n", 1));
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh server, clients and clock (also when the field is static); after it,
 * every client is closed and every node stopped. When a test fails, the transcript of everything
 * that crossed the wire is attached to its failure (as a suppressed exception), so the report shows
 * the conversation that led there.
 */
public final class ChannelTesterExtension extends ChannelTester
        implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    private ChannelTesterExtension(Function<Clock, SocketDefinition> app, TesterOptions options) {
        super(app, options);
    }

    public static ChannelTesterExtension of(SocketDefinition socket) {
        return of(socket, TesterOptions.DEFAULTS);
    }

    public static ChannelTesterExtension of(SocketDefinition socket, TesterOptions options) {
        Objects.requireNonNull(socket, "socket");
        return new ChannelTesterExtension(clock -> socket, options);
    }

    /** For an application that reads the time through a {@link Clock}; see {@link ChannelTester#of(Function, TesterOptions)}. */
    public static ChannelTesterExtension of(Function<Clock, SocketDefinition> app, TesterOptions options) {
        return new ChannelTesterExtension(app, options);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        restart();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (!isClosed()) {
            failure.addSuppressed(new Transcript(transcript()));
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** The conversation of a failed test, attached to its failure. */
    static final class Transcript extends Throwable {
        Transcript(String transcript) {
            super("what crossed the wire (virtual time, client → server, client ← server):\n" + transcript, null, false, false);
        }
    }
}
