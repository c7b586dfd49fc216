package dev.switchboard.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-balancer configurations in docs/CLUSTER.md are accepted by the real HAProxy and nginx. */
class ClusterDocsTest {

    @TempDir
    Path dir;

    @Test
    void theHaproxyExampleIsAValidConfiguration() throws Exception {
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, block("haproxy"), StandardCharsets.UTF_8);
        Result r = run(List.of(executable("haproxy"), "-c", "-f", cfg.toString()));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("Configuration file is valid");
    }

    @Test
    void theNginxExampleIsAValidConfiguration() throws Exception {
        // The example is the http-level part; wrap it the way nginx.conf includes it.
        String conf = "pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + ";\n"
                + "events {}\n"
                + "http {\n" + block("nginx") + "\n}\n";
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        Result r = run(List.of(executable("nginx"), "-t", "-p", dir.toString(), "-c", file.toString()));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("test is successful");
    }

    private static String block(String language) throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path doc = base.resolveSibling("docs").resolve("CLUSTER.md");
        if (!Files.isRegularFile(doc)) {
            doc = base.resolve("docs/CLUSTER.md");
        }
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(doc, StandardCharsets.UTF_8));
        assertThat(m.find()).as("a ```%s block in %s", language, doc).isTrue();
        return m.group(1);
    }

    private static String executable(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " not found: install the Debian package (.ci/run installs haproxy and nginx-light)");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), output);
    }
}
