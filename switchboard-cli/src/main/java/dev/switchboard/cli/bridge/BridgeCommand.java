package dev.switchboard.cli.bridge;

import dev.switchboard.bridge.process.Executables;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.process.ShutdownSchedule;
import dev.switchboard.bridge.websocketd.WebsocketdOptions;
import dev.switchboard.bridge.websocketd.WebsocketdServer;
import dev.switchboard.server.tls.TlsConfig;
import dev.switchboard.server.tls.TlsConfigException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard bridge}: websocketd's model. Every WebSocket connection runs the program;
 * each text message is a line on its stdin, each stdout line a message back.
 */
@Command(
        name = "bridge",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        modelTransformer = StopAtCommand.class,
        description = {
            "Turns a program that reads stdin and writes stdout into a WebSocket server, as websocketd does:"
                    + " one process per connection, a text message is a line on its stdin, each stdout line is a"
                    + " message back. Plain WebSocket, no Phoenix protocol: pages and scripts written for websocketd"
                    + " work unchanged.",
            "",
            "  switchboard bridge --port 8080 ./count.sh",
            "  switchboard bridge --port 8080 --dir ./scripts --staticdir ./public",
            "  switchboard bridge --port 8080 -- python3 repl.py --verbose",
            ""
        })
public final class BridgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "TCP port; 0 picks a free one.")
    private int port;

    @Option(names = {"--host", "--address"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (websocketd: every interface). 0.0.0.0 for every interface.")
    private String host;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Serve every executable in DIR at its path (/name, /sub/name); the rest of the path is PATH_INFO.")
    private Path dir;

    @Option(names = "--staticdir", paramLabel = "DIR", description = "Serve the files of DIR over plain HTTP.")
    private Path staticDir;

    @Option(names = "--binary", description = "Binary messages: each chunk of stdout as it is read, messages to stdin as they are.")
    private boolean binary;

    @Option(names = "--pty", description = "Give programs a pseudo-terminal instead of pipes, so ones that block-buffer"
            + " a pipe (python, ruby, C stdio) send each line as they print it. Line mode only; input lines up to 4095 bytes.")
    private boolean pty;

    @Option(names = "--shell", description = "Run COMMAND (one quoted string) through /bin/sh -c. Default: executed directly, no shell.")
    private boolean shell;

    @Option(names = "--passenv", paramLabel = "VAR", split = ",", defaultValue = "PATH,LD_LIBRARY_PATH",
            description = "The server's environment variables programs see; nothing else of it reaches them.")
    private List<String> passEnv;

    @Option(names = "--maxforks", paramLabel = "N", defaultValue = "1024",
            description = "Programs running at once; the next connection gets HTTP 429 with the reason.")
    private int maxForks;

    @Option(names = "--maxframesize", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest inbound message; larger closes the connection with 1009.")
    private int maxFrameSize;

    @Option(names = "--maxlinesize", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Longest output line; longer closes the connection with 1009.")
    private int maxLineSize;

    @Option(names = "--maxlinerate", paramLabel = "LINES", defaultValue = "0",
            description = "Output lines per second per program, 0 for no cap; a faster program is slowed down, nothing is dropped.")
    private int maxLineRate;

    @Option(names = "--origin", paramLabel = "ORIGIN", split = ",",
            description = "Only pages from these origins may connect (HTTP 403 otherwise): host[:port] (any port"
                    + " when none is given), scheme://host[:port], or *. Default: any origin, as websocketd.")
    private List<String> origins;

    @Option(names = "--sameorigin", description = "Only pages from this server's own host and port may connect.")
    private boolean sameOrigin;

    @Option(names = "--closems", paramLabel = "MS", defaultValue = "0",
            description = "Added to each step of stopping a program whose client left: stdin is closed, then SIGINT after"
                    + " 100 ms + MS, SIGTERM 250 ms + MS later, SIGKILL 500 ms + MS later.")
    private long closeMs;

    @Option(names = {"--tls-cert", "--sslcert"}, paramLabel = "FILE", description = "PEM certificate chain; serves wss:// only. Needs --tls-key.")
    private Path tlsCert;

    @Option(names = {"--tls-key", "--sslkey"}, paramLabel = "FILE", description = "PEM private key (unencrypted PKCS#8) for --tls-cert.")
    private Path tlsKey;

    @Option(names = "--tls-self-signed", description = "wss:// with a certificate for localhost made at start-up (development only).")
    private boolean tlsSelfSigned;

    @Option(names = "--ssl", hidden = true, description = "websocketd's flag; TLS is on when --sslcert/--sslkey are given.")
    private boolean ssl;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", showDefaultValue = Visibility.NEVER,
            description = "The program and its arguments (unless --dir).")
    private List<String> command = List.of();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WebsocketdOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (TlsConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        WebsocketdServer server;
        try {
            server = WebsocketdServer.start(options);
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println(e.getMessage() != null && e.getMessage().contains("in use")
                    ? "Port " + port + " is already in use on " + host + "; choose another with --port"
                    : "Could not start the bridge: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "bridge-shutdown"));
        out.println(banner(server));
        out.flush();
        stopped.await();
        return 0;
    }

    WebsocketdOptions options() {
        if (!command.isEmpty() && !shell && Executables.find(command.get(0)).isEmpty()) {
            throw new IllegalArgumentException("Unable to locate COMMAND '" + command.get(0) + "'"
                    + (command.get(0).contains("/") ? " (not an executable file)" : " on the PATH"));
        }
        if (pty && !Launcher.ptyAvailable()) {
            throw new IllegalArgumentException("--pty needs util-linux 'script', which is not installed");
        }
        if (closeMs < 0 || closeMs > ShutdownSchedule.MAX_CLOSE_MS) {
            throw new IllegalArgumentException("--closems must be 0.." + ShutdownSchedule.MAX_CLOSE_MS + ", got " + closeMs);
        }
        for (String name : passEnv) {
            // validated with the program definition; an early message names the flag
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("--passenv: not an environment variable name: '" + name + "'");
            }
        }
        WebsocketdOptions.Builder b = WebsocketdOptions.builder()
                .host(host).port(port).command(command).scriptDir(dir).staticDir(staticDir)
                .binary(binary).pty(pty).shell(shell).passEnv(passEnv)
                .maxForks(maxForks).maxFrameBytes(maxFrameSize).maxLineBytes(maxLineSize).maxLinesPerSecond(maxLineRate)
                .origins(OriginFlags.policy(origins, sameOrigin))
                .closeMs(closeMs)
                .tls(tls());
        return b.build();
    }

    private TlsConfig tls() {
        if (tlsSelfSigned && (tlsCert != null || tlsKey != null)) {
            throw new IllegalArgumentException("--tls-self-signed cannot be combined with --tls-cert/--tls-key; choose one");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException(tlsCert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        }
        if (ssl && tlsCert == null) {
            throw new IllegalArgumentException("--ssl needs --sslcert and --sslkey (or use --tls-self-signed)");
        }
        if (tlsSelfSigned) {
            return TlsConfig.selfSigned();
        }
        return tlsCert == null ? null : TlsConfig.pem(tlsCert, tlsKey);
    }

    private String banner(WebsocketdServer server) {
        WebsocketdOptions o = server.options();
        String scheme = o.tls() == null ? "ws" : "wss";
        String what = o.scriptDir() != null ? "the programs in " + o.scriptDir()
                : o.command().isEmpty() ? "no program" : Program.builder(o.command()).build().display();
        StringBuilder b = new StringBuilder()
                .append("Bridge listening on ").append(scheme).append("://").append(o.host()).append(':').append(server.port())
                .append("/ running ").append(what).append(" per connection");
        if (o.staticDir() != null) {
            b.append(System.lineSeparator()).append("Static files from ").append(o.staticDir()).append(" at ")
                    .append(o.tls() == null ? "http" : "https").append("://").append(o.host()).append(':').append(server.port()).append('/');
        }
        if (o.tls() != null) {
            b.append(System.lineSeparator()).append("TLS: ").append(o.tls().describe());
        }
        b.append(System.lineSeparator()).append("Up to ").append(o.maxForks()).append(" programs at once; metrics at /metrics."
                + " Press Ctrl-C to stop.");
        return b.toString();
    }
}
