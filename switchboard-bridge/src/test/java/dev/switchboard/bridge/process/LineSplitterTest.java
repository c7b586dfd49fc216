package dev.switchboard.bridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> events = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(5, new LineSplitter.LineSink() {
        @Override
        public void line(byte[] line, int length) {
            events.add(new String(line, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        public void overlong(long length) {
            events.add("overlong " + length);
        }

        @Override
        public void end() {
            events.add("end");
        }
    });

    private void feed(String s) throws InterruptedException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        splitter.chunk(b, b.length);
    }

    @Test
    void linesSplitAcrossChunksAreJoined() throws Exception {
        feed("ab");
        feed("c\nde\r");
        feed("\n\n");
        splitter.end();
        assertThat(events).containsExactly("abc", "de", "", "end");
    }

    @Test
    void anUnterminatedLastLineIsDelivered() throws Exception {
        feed("a\nlast");
        splitter.end();
        assertThat(events).containsExactly("a", "last", "end");
    }

    @Test
    void aLineOverTheCapIsRefusedWholeAndTheNextOneIsFine() throws Exception {
        feed("12345\n");
        feed("1234");
        feed("5678");
        feed("9\nok\n");
        feed("12345\r\n");
        splitter.end();
        assertThat(events).containsExactly("12345", "overlong 9", "ok", "12345", "end");
    }
}
