package dev.switchboard.server.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples are the code of {@link ChatServer} and {@link ChatServerTest},
 * character for character below their imports, so the build compiles (and runs) exactly what a
 * reader copies.
 */
class ReadmeJavaExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theServerExampleIsChatServer() throws IOException {
        assertThat(readmeBlocks()).contains(source("ChatServer.java"));
    }

    @Test
    void theTestExampleIsChatServerTest() throws IOException {
        assertThat(readmeBlocks()).contains(source("ChatServerTest.java"));
    }

    @Test
    void theTestExampleIsAboutFifteenLines() throws IOException {
        assertThat(source("ChatServerTest.java").lines().count()).isLessThanOrEqualTo(17);
    }

    private static List<String> readmeBlocks() throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1).strip());
        }
        return blocks;
    }

    /** The file without its package line, imports and one-line class comment. */
    private static String source(String file) throws IOException {
        Path path = root().resolve("switchboard-server/src/test/java/dev/switchboard/server/example").resolve(file);
        return Files.readString(path, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("package ") && !line.startsWith("import ") && !line.startsWith("/**"))
                .reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }

    private static Path root() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        return Files.exists(base.resolveSibling("README.md")) ? base.getParent() : base;
    }
}
