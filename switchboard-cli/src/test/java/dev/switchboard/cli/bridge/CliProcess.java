package dev.switchboard.cli.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code switchboard ARGS} in its own JVM, as a user runs it: waits for the banner line that
 * names its port, keeps the output for failure messages, stops with SIGTERM.
 */
final class CliProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int port = -1;

    private CliProcess(Process process, String readyPrefix) {
        this.process = process;
        Thread reader = new Thread(() -> read(readyPrefix), "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code switchboard args} and waits until a line starting with {@code readyPrefix}
     * appears. {@code shellPrefix}, when not null, runs it through bash first (e.g. {@code trap '' INT;}).
     */
    static CliProcess start(List<String> args, String readyPrefix, String shellPrefix) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.switchboard.cli.Main"));
        java.addAll(args);
        List<String> command = java;
        if (shellPrefix != null) {
            StringBuilder line = new StringBuilder(shellPrefix).append(" exec");
            for (String a : java) {
                line.append(" '").append(a.replace("'", "'\\''")).append("'");
            }
            command = List.of("/bin/bash", "-c", line.toString());
        }
        CliProcess cli = new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), readyPrefix);
        if (!cli.ready.await(30, TimeUnit.SECONDS)) {
            cli.close();
            throw new IllegalStateException("switchboard " + args + " did not start:\n" + cli.output());
        }
        return cli;
    }

    private void read(String readyPrefix) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(readyPrefix)) {
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            output.append("(output ended: ").append(e).append(")\n");
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.toString();
    }

    /** SIGTERM, then waits; the JVM's shutdown hooks stop the programs. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
