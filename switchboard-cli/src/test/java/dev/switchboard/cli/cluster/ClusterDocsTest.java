package dev.switchboard.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.Haproxy;
import dev.switchboard.testsupport.process.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        ChildProcess.Result r = Haproxy.check(cfg);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Configuration file is valid");
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
        ChildProcess.Result r = ChildProcess.run(List.of(Tool.NGINX.path().toString(), "-t", "-p", dir.toString(),
                "-c", file.toString()), Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("test is successful");
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
}
