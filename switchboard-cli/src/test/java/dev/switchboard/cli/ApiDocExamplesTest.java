package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of docs/API.md and README.md, run with the real curl against the demo as
 * {@code switchboard serve} runs it; each API.md example must answer as the {@code http} block
 * after it shows (status line, the headers listed, the JSON body).
 */
class ApiDocExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "docs-key-0123456789abcdef0123";
    /** The epoch the docs show in positions; a real server picks its own at random. */
    private static final String DOC_EPOCH = "k7Qd2xV0";
    private static final Pattern POSITION = Pattern.compile("\"\\d+@([A-Za-z0-9_-]+)\"");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void needsCurl() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/usr/local/bin/curl")),
                "curl is not installed; the HTTP behaviour is covered by BroadcastApiTest with the JDK client");
    }

    @Test
    void apiMdExamplesAnswerAsDocumented() throws Exception {
        List<Example> examples = examples(Files.readString(ROOT.resolve("docs/API.md")));
        assertThat(examples).as("examples in docs/API.md").hasSizeGreaterThanOrEqualTo(10);

        try (SwitchboardServer server = DemoServers.withApiKey(KEY)) {
            String epoch = null; // this server's epoch of room:lobby, learnt from its first position
            for (Example example : examples) {
                String command = epoch == null ? example.command() : example.command().replace("@" + DOC_EPOCH, "@" + epoch);
                String output = run(command, server.port());
                Matcher position = POSITION.matcher(output);
                if (epoch == null && position.find()) {
                    epoch = position.group(1);
                }
                Answer answer = Answer.parse(epoch == null ? output : output.replace("@" + epoch, "@" + DOC_EPOCH));
                Answer expected = Answer.parse(example.expected());

                assertThat(answer.statusLine()).as(example.command()).isEqualTo(expected.statusLine());
                assertThat(answer.headers()).as(example.command()).containsAllEntriesOf(expected.headers());
                if (!expected.body().isEmpty()) {
                    assertThat(JSON.readTree(answer.body())).as(example.command()).isEqualTo(JSON.readTree(expected.body()));
                }
            }
        }
    }

    @Test
    void readmeCurlLinesPublishFromThisMachine() throws Exception {
        List<String> lines = Files.readString(ROOT.resolve("README.md")).lines()
                .map(String::strip)
                .filter(line -> line.startsWith("curl ") && line.contains("/api/broadcast"))
                .toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);

        try (SwitchboardServer server = DemoServers.start()) {
            for (String line : lines) {
                assertThat(run(line, server.port())).as(line).contains("\"status\":\"accepted\"");
            }
        }
    }

    /** A shell block with curl and the http block that follows it. */
    record Example(String command, String expected) {}

    private static List<Example> examples(String markdown) {
        List<Example> examples = new ArrayList<>();
        List<String[]> blocks = new ArrayList<>(); // {language, text}
        String language = null;
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (language == null) {
                    language = line.substring(3).strip();
                    text.setLength(0);
                } else {
                    blocks.add(new String[] {language, text.toString()});
                    language = null;
                }
            } else if (language != null) {
                text.append(line).append('\n');
            }
        }
        for (int i = 0; i + 1 < blocks.size(); i++) {
            String[] block = blocks.get(i);
            if (block[0].equals("sh") && block[1].contains("curl ") && blocks.get(i + 1)[0].equals("http")) {
                examples.add(new Example(block[1].strip(), blocks.get(i + 1)[1]));
            }
        }
        return examples;
    }

    /** Runs a shell command with localhost:4000 pointing at the test server; returns its stdout. */
    private static String run(String command, int port) {
        List<String> bash = List.of("bash", "-c", command.replace("localhost:4000", "127.0.0.1:" + port));
        try (ChildProcess curl = ChildProcess.builder(bash).name("curl").separateStderr()
                .environment(Map.of(ServeCommand.API_KEY_ENV, KEY)).start()) {
            assertThat(curl.waitFor(Duration.ofSeconds(30))).as("%s finished in time; stderr: %s", command, curl.stderr())
                    .isNotNull();
            return curl.output();
        }
    }

    /** An HTTP answer as {@code curl -i} prints it (or as the docs show it). */
    record Answer(String statusLine, Map<String, String> headers, String body) {
        static Answer parse(String text) {
            String[] lines = text.replace("\r", "").split("\n", -1);
            Map<String, String> headers = new LinkedHashMap<>();
            int i = 1;
            for (; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length; i++) {
                body.append(lines[i]).append('\n');
            }
            return new Answer(lines[0].strip(), headers, body.toString().strip());
        }
    }
}
