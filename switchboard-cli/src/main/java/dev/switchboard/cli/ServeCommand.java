package dev.switchboard.cli;

import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.server.SwitchboardServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard serve}: runs the demo app (chat page, {@code room:*} channel, publish API). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs a Switchboard server with the demo app.",
            "",
            "Serves a chat page at /, the socket /socket with the room:* channel, and"
                    + " POST /api/broadcast/{topic}. Stop it with Ctrl-C.",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** Classpath directory with the chat page, served at {@code /}. */
    static final String WEB_RESOURCES = "web";

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4000",
            description = "TCP port to listen on; 0 picks a free port.")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface.")
    private String host;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        SwitchboardServer server;
        try {
            server = startDemo(host, port);
        } catch (Exception e) {
            err.println(startFailure(e));
            err.flush();
            log.debug("server start failed", e);
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "switchboard-shutdown"));

        String base = "http://" + hostForUrl(host) + ":" + server.port();
        out.println("Switchboard listening on " + base + "  (demo chat: " + base + "/ , socket: ws://"
                + hostForUrl(host) + ":" + server.port() + DemoApp.SOCKET_PATH + "/websocket)");
        out.println("Network transport: " + server.transportName() + ". Press Ctrl-C to stop.");
        out.flush();

        stopped.await();
        return 0;
    }

    /** Starts the demo app: the {@code /socket} socket, the publish API and the chat page. */
    static SwitchboardServer startDemo(String host, int port) {
        return SwitchboardServer.builder()
                .host(host)
                .port(port)
                .socket(DemoApp.socket())
                .broadcastApi(true)
                .staticResources(WEB_RESOURCES)
                .build()
                .start();
    }

    /** One line a user can act on; no stack trace for the usual causes. */
    private String startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Netty's native transport reports bind failures as its own IOException type, not
            // BindException, so the OS message is the reliable signal.
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("address already in use")
                    || (t instanceof BindException && !message.contains("assign"))) {
                return "Port " + port + " is already in use on " + host + "; choose another with --port";
            }
            if (message.contains("cannot assign requested address")) {
                return "Cannot listen on " + host + ": no such address on this machine; choose another with --host";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "Cannot resolve host '" + host + "'; choose another with --host";
            }
        }
        return "Could not start Switchboard: " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }

    /** IPv6 literals need brackets in URLs. */
    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
